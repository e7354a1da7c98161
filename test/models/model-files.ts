/**
 * Reads the procedure models — processes/*.bpmn, processes/*.dmn, forms/*.form — into
 * plain structures the model spec checks: which variables each element reads and writes,
 * which forms and task types it references.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BpmnModdle } from 'bpmn-moddle';
import { parseExpression } from 'feelin';
import { Moddle } from 'moddle';
import { Reader } from 'moddle-xml';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

import dc from 'dmn-moddle/resources/dmn/json/dc.json';
import di from 'dmn-moddle/resources/dmn/json/di.json';
import dmn13 from 'dmn-moddle/resources/dmn/json/dmn13.json';
import dmndi13 from 'dmn-moddle/resources/dmn/json/dmndi13.json';

export const ROOT = join(__dirname, '..', '..');
export const PROCESSES_DIR = join(ROOT, 'processes');
export const FORMS_DIR = join(ROOT, 'forms');

/** A moddle element, loosely: tests walk it by property name. */
export interface El {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly $parent?: El;
  readonly [property: string]: unknown;
}

export function listFiles(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort();
}

export async function parseBpmn(file: string): Promise<{ definitions: El; warnings: string[] }> {
  const moddle = new BpmnModdle({ zeebe }) as unknown as {
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
  };
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(file, 'utf8'));
  return { definitions: rootElement as El, warnings: warnings.map((w) => w.message) };
}

/** DMN 1.3 with dmn-moddle's own descriptors (its ESM entry cannot be required under Jest). */
export async function parseDmn(file: string): Promise<El> {
  const model = new Moddle([dmn13, dmndi13, dc, di] as never);
  const reader = new Reader({ model, lax: false });
  const parsed = (await reader.fromXML(readFileSync(file, 'utf8'), reader.handler('dmn:Definitions'))) as {
    rootElement: unknown;
  };
  return parsed.rootElement as El;
}

export function arr(value: unknown): El[] {
  return Array.isArray(value) ? (value as El[]) : [];
}

export function extensions(el: El | undefined, type: string): El[] {
  const ext = el?.['extensionElements'] as El | undefined;
  return arr(ext?.['values']).filter((v) => v.$type === type);
}

export function extension(el: El | undefined, type: string): El | undefined {
  return extensions(el, type)[0];
}

/** Every flow element of a process, sub-processes included. */
export function flowElements(container: El): El[] {
  const out: El[] = [];
  for (const el of arr(container['flowElements'])) {
    out.push(el);
    if (el.$type === 'bpmn:SubProcess') out.push(...flowElements(el));
  }
  return out;
}

/**
 * Variables a FEEL expression reads (leading `=` optional): the root of each path, without
 * function names, names bound by for/some/every, or names inside a filter (item fields).
 */
export function feelVariables(expression: string): string[] {
  const source = expression.startsWith('=') ? expression.slice(1) : expression;
  const tree = parseExpression(source, {}, undefined);
  const bound = new Set<string>(['item']);
  const found = new Set<string>();
  tree.iterate({
    enter(ref) {
      if (ref.name === 'Name' && ref.node.parent?.name === 'InExpression') bound.add(source.slice(ref.from, ref.to));
    },
  });
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'VariableName') return;
      const node = ref.node;
      const parent = node.parent;
      if (parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from) return;
      for (let up = node.parent; up; up = up.parent) {
        if (up.name === 'FilterExpression' && up.firstChild && node.from > up.firstChild.to) return;
      }
      const name = source.slice(ref.from, ref.to);
      if (!bound.has(name)) found.add(name);
    },
  });
  return [...found];
}

/** Whether a FEEL expression (leading `=` optional) parses without syntax errors. */
export function feelParses(expression: string): boolean {
  const source = expression.startsWith('=') ? expression.slice(1) : expression;
  let ok = true;
  parseExpression(source, {}, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) ok = false;
    },
  });
  return ok;
}

export const isExpression = (value: unknown): value is string => typeof value === 'string' && value.startsWith('=');

// ---------------------------------------------------------------------------- forms

export interface FormField {
  readonly type: string;
  readonly key?: string;
  readonly path?: string;
  readonly readonly?: boolean | string;
  readonly id?: string;
  readonly expression?: string;
  readonly text?: string;
  readonly conditional?: { readonly hide?: string };
  readonly validate?: Readonly<Record<string, unknown>>;
  readonly components?: readonly FormField[];
}

export interface FormSchema {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly components: readonly FormField[];
}

export function readForms(): Map<string, { file: string; schema: FormSchema }> {
  const forms = new Map<string, { file: string; schema: FormSchema }>();
  for (const file of listFiles(FORMS_DIR, '.form')) {
    const schema = JSON.parse(readFileSync(join(FORMS_DIR, file), 'utf8')) as FormSchema;
    forms.set(schema.id, { file, schema });
  }
  return forms;
}

/** Every component, nested ones included (groups, dynamic lists). */
export function allFields(components: readonly FormField[]): FormField[] {
  return components.flatMap((c) => [c, ...allFields(c.components ?? [])]);
}

/** Fields a user fills in: keyed, not read-only, not computed. Nested list fields are excluded. */
export function inputFields(schema: FormSchema): FormField[] {
  const top: FormField[] = [];
  for (const c of schema.components) {
    if (c.type === 'dynamiclist' && c.path && c.readonly !== true) top.push(c);
    else if (c.key && c.readonly !== true && c.type !== 'expression') top.push(c);
  }
  return top;
}

/** The variables a form submits: its editable top-level keys, list paths and computed fields. */
export function formWrites(schema: FormSchema): string[] {
  const keys = inputFields(schema).map((f) => (f.key ?? f.path) as string);
  const computed = schema.components.filter((c) => c.type === 'expression' && c.key).map((c) => c.key as string);
  return [...keys, ...computed];
}

/** The variables a form shows or evaluates: read-only fields and FEEL in conditions/validation. */
export function formReads(schema: FormSchema): string[] {
  const reads = new Set<string>();
  const own = new Set(
    allFields(schema.components)
      .map((c) => c.key ?? c.path)
      .filter(Boolean) as string[],
  );
  for (const c of schema.components) {
    const bound = c.key ?? c.path;
    // a dotted key binds a path inside a variable: `assemblyResult.reason` reads `assemblyResult`
    if (c.readonly === true && bound) reads.add(bound.split('.')[0]);
  }
  for (const c of schema.components) {
    if (c.type === 'text' && typeof c.text === 'string' && isExpression(c.text))
      for (const name of feelVariables(c.text)) if (!own.has(name)) reads.add(name);
  }
  for (const c of allFields(schema.components)) {
    const feel: string[] = [];
    if (isExpression(c.conditional?.hide)) feel.push(c.conditional.hide);
    if (isExpression(c.expression)) feel.push(c.expression);
    for (const v of Object.values(c.validate ?? {})) if (isExpression(v)) feel.push(v);
    for (const expr of feel) for (const name of feelVariables(expr)) if (!own.has(name)) reads.add(name);
  }
  return [...reads];
}
