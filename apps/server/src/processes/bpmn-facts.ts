/**
 * What the server needs from a BPMN file it deploys, read with a SAX parser: per process its
 * name, start form, starter roles (`zeebe:properties` entry `starterRoles`), each user
 * task's name and form reference, and the embedded `zeebe:userTaskForm` bodies.
 * The engine validates the model; this only reads facts from XML it already accepted.
 */
import { Parser } from 'saxen';
import type { UserTaskFormRef } from './process-definition.entity';

export interface ProcessFacts {
  readonly bpmnProcessId: string;
  readonly name: string | null;
  readonly startFormId: string | null;
  readonly starterRoles: string[];
  readonly userTasks: Record<string, UserTaskFormRef>;
  readonly embeddedForms: Record<string, string>;
}

interface SaxElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
}

/** saxen's events beyond what libs/engine's ambient declaration lists. */
interface SaxParser {
  ns(map: Record<string, string>): void;
  on(event: 'openTag', handler: (el: SaxElement, decode: (s: string) => string) => void): SaxParser;
  on(event: 'closeTag', handler: (el: SaxElement) => void): SaxParser;
  on(event: 'text' | 'cdata', handler: (text: string, decode?: (s: string) => string) => void): SaxParser;
  on(event: 'error', handler: (error: Error) => void): SaxParser;
  parse(xml: string): Error | null;
}

const NAMESPACES = {
  'http://www.omg.org/spec/BPMN/20100524/MODEL': 'bpmn',
  'http://camunda.org/schema/zeebe/1.0': 'zeebe',
};

const FLOW_NODE = /^bpmn:(\w*Task|subProcess|startEvent|endEvent|boundaryEvent|intermediate\w+Event|\w+Gateway|callActivity)$/;

export function readProcessFacts(xml: string): ProcessFacts[] {
  const parser = new Parser({ proxy: true }) as unknown as SaxParser;
  parser.ns(NAMESPACES);
  const processes: ProcessFacts[] = [];
  type Mutable = { -readonly [K in keyof ProcessFacts]: ProcessFacts[K] };
  let current: Mutable | undefined;
  const stack: string[] = [];
  /** Open flow nodes, innermost last (sub-processes nest). */
  const nodes: { id: string; name: string | null; kind: string }[] = [];
  let formBody: { id: string; text: string } | undefined;
  let failure: Error | undefined;

  parser.on('openTag', (el, decode) => {
    const attrs = el.attrs;
    const name = el.name;
    if (name === 'bpmn:process') {
      current = {
        bpmnProcessId: attrs['id'] ?? '',
        name: attrs['name'] ? decode(attrs['name']) : null,
        startFormId: null,
        starterRoles: [],
        userTasks: {},
        embeddedForms: {},
      };
    } else if (current && FLOW_NODE.test(name) && attrs['id']) {
      const node = { id: attrs['id'], name: attrs['name'] ? decode(attrs['name']) : null, kind: name };
      current.userTasks[node.id] = { name: node.name };
      nodes.push(node);
    } else if (current && name === 'zeebe:formDefinition' && nodes.length > 0) {
      const node = nodes[nodes.length - 1];
      const ref: UserTaskFormRef = {
        name: node.name,
        ...(attrs['formId'] ? { formId: attrs['formId'] } : {}),
        ...(attrs['formKey'] ? { formKey: decode(attrs['formKey']) } : {}),
      };
      current.userTasks[node.id] = ref;
      // Only the process's own start events (not those of sub-processes) carry a start form.
      if (node.kind === 'bpmn:startEvent' && stack[stack.length - 3] === 'bpmn:process') {
        current.startFormId = attrs['formId'] ?? null;
      }
    } else if (current && name === 'zeebe:property' && stack[stack.length - 3] === 'bpmn:process' && attrs['name'] === 'starterRoles') {
      current.starterRoles = decode(attrs['value'] ?? '')
        .split(',')
        .map((role) => role.trim())
        .filter((role) => role !== '');
    } else if (current && name === 'zeebe:userTaskForm' && attrs['id']) {
      formBody = { id: attrs['id'], text: '' };
    }
    // saxen reports a close for self-closing tags too.
    stack.push(name);
  });
  parser.on('text', (text, decode) => {
    if (formBody) formBody.text += decode ? decode(text) : text;
  });
  parser.on('cdata', (text) => {
    if (formBody) formBody.text += text;
  });
  parser.on('closeTag', (el) => {
    stack.pop();
    if (el.name === 'zeebe:userTaskForm' && formBody && current) {
      current.embeddedForms[formBody.id] = formBody.text.trim();
      formBody = undefined;
    } else if (el.name === 'bpmn:process' && current) {
      processes.push(current);
      current = undefined;
    } else if (nodes.length > 0 && el.name === nodes[nodes.length - 1].kind) {
      nodes.pop();
    }
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  const returned = parser.parse(xml);
  const problem = failure ?? returned;
  if (problem) throw problem;
  return processes;
}
