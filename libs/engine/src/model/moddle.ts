/**
 * BPMN XML → moddle element tree, synchronously. bpmn-moddle's `fromXML` is promise-based
 * but parses inside the promise executor; driving moddle-xml's Reader directly lets us read
 * the root element and every warning right away, so compilation stays a pure function.
 * Parsing is lax: unknown or unparsable content becomes a warning, which the compiler
 * turns into an error instead of silently dropping it.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { Reader } from 'moddle-xml';
import { Parser } from 'saxen';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';

/** A parsed BPMN element: its `$type` (e.g. `bpmn:ServiceTask`) and its properties. */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly [property: string]: unknown;
}

export interface ParseOutcome {
  readonly definitions?: ModdleElement;
  /** Unparsable content, unknown elements, duplicate ids, unresolved references. */
  readonly errors: readonly { readonly message: string; readonly elementId?: string }[];
}

let moddle: BpmnModdle | undefined;

function getModdle(): BpmnModdle {
  moddle ??= new BpmnModdle({ zeebe: zeebeDescriptor });
  return moddle;
}

export function isModdleElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/**
 * Well-formedness, checked with the SAX parser moddle uses: moddle rethrows syntax errors
 * through its promise only, so they are caught here first, in moddle's own wording.
 */
export function checkWellFormed(xml: string): string | undefined {
  let failure: string | undefined;
  const parser = new Parser({ proxy: true });
  parser.on('error', (error, getContext) => {
    if (failure !== undefined) return;
    const { line, column, data } = getContext();
    const content = data.startsWith('<') && data.includes(' ') ? `${data.slice(0, data.indexOf(' '))}>` : data;
    failure = `unparsable content ${content.trim() !== '' ? `${content} ` : ''}detected\n\tline: ${line}\n\tcolumn: ${column}\n\tnested error: ${error.message}`;
  });
  const returned = parser.parse(xml);
  if (failure === undefined && returned !== null) failure = `unparsable content detected\n\tnested error: ${returned.message}`;
  return failure;
}

export function parseBpmnXml(xml: string): ParseOutcome {
  const malformed = checkWellFormed(xml);
  if (malformed !== undefined) return { errors: [{ message: malformed }] };
  const reader = new Reader({ model: getModdle(), lax: true });
  const rootHandler = reader.handler('bpmn:Definitions');
  // The outcome is read synchronously below; the promise only repeats it.
  reader.fromXML(xml, rootHandler).catch(() => undefined);
  const context = rootHandler.context;
  if (context === undefined) throw new Error('moddle-xml did not parse synchronously; the BPMN parser needs updating');
  const errors = context.warnings.map((w) => {
    const id = w.element?.id;
    return typeof id === 'string' ? { message: w.message, elementId: id } : { message: w.message };
  });
  const root = rootHandler.element;
  if (!isModdleElement(root)) {
    return { errors: [...errors, { message: 'failed to parse document as <bpmn:Definitions>' }] };
  }
  return { definitions: root, errors };
}

// Typed accessors over moddle's dynamic properties.

export function str(el: ModdleElement, key: string): string | undefined {
  const v = el[key];
  return typeof v === 'string' ? v : undefined;
}

export function bool(el: ModdleElement, key: string): boolean | undefined {
  const v = el[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function child(el: ModdleElement, key: string): ModdleElement | undefined {
  const v = el[key];
  return isModdleElement(v) ? v : undefined;
}

export function children(el: ModdleElement, key: string): ModdleElement[] {
  const v = el[key];
  return Array.isArray(v) ? v.filter(isModdleElement) : [];
}

export function idOf(el: ModdleElement | undefined): string | undefined {
  return el === undefined ? undefined : str(el, 'id');
}

/** Extension elements of the given moddle type, e.g. `zeebe:TaskDefinition`. */
export function extensions(el: ModdleElement, type?: string): ModdleElement[] {
  const ext = child(el, 'extensionElements');
  const values = ext === undefined ? [] : children(ext, 'values');
  return type === undefined ? values : values.filter((v) => v.$type === type);
}
