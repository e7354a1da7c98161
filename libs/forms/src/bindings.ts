// The variables a form touches, for model checks (does the process provide what the form
// reads? does a later gateway read what the form writes?). Follows form-js getSchemaVariables
// (@bpmn-io/form-js-viewer, EXPRESSION_PROPERTIES / TEMPLATE_PROPERTIES), with paths kept.
import { feelVariableNames, isFeelExpression, type FeelKind } from './feel';
import { isKeyed, isRepeatingList, type FormComponent, type FormSchema } from './schema';
import { splitPath } from './tree';

export interface FormBindings {
  /** Data paths written on submit, `[]` marking list items: `amount`, `address.city`, `members[].name`. */
  writes: string[];
  /** Every bound data path, read for prefill (read-only and disabled fields included). */
  fields: string[];
  /** Top-level variables the form reads: bound roots, `valuesKey`s, FEEL and template variables. */
  reads: string[];
}

const EXPRESSIONS: { path: string[]; kind: FeelKind }[] = [
  { path: ['conditional', 'hide'], kind: 'unaryTest' },
  { path: ['readonly'], kind: 'unaryTest' },
  ...[
    'alt',
    'appearance.prefixAdorner',
    'appearance.suffixAdorner',
    'description',
    'label',
    'source',
    'text',
    'validate.min',
    'validate.max',
    'validate.minLength',
    'validate.maxLength',
    'valuesExpression',
    'url',
    'dataSource',
    'columnsExpression',
    'expression',
    'multiple',
    'accept',
    'title',
  ].map((path) => ({ path: path.split('.'), kind: 'expression' as const })),
];
const TEMPLATES = [
  'alt',
  'appearance.prefixAdorner',
  'appearance.suffixAdorner',
  'description',
  'label',
  'source',
  'text',
  'content',
  'url',
  'title',
];
const TEMPLATE_PART = /\{\{\s*(?:#loop\s+|#if\s+)?([^{}]*?)\s*\}\}/g;

function read(component: FormComponent, path: string[]): unknown {
  let current: unknown = component;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function collectBindings(form: FormSchema): FormBindings {
  const writes: string[] = [];
  const fields: string[] = [];
  const reads: string[] = [];

  const walk = (components: FormComponent[], prefix: string): void => {
    for (const component of components) {
      for (const { path, kind } of EXPRESSIONS) {
        const value = read(component, path);
        if (isFeelExpression(value)) reads.push(...feelVariableNames(value, kind));
      }
      for (const property of TEMPLATES) {
        const value = read(component, property.split('.'));
        if (typeof value !== 'string' || value.startsWith('=')) continue;
        for (const match of value.matchAll(TEMPLATE_PART)) {
          const inner = match[1] ?? '';
          if (inner === '' || inner.startsWith('/') || inner === 'else') continue;
          reads.push(...feelVariableNames(inner, 'expression'));
        }
      }
      if (typeof component.valuesKey === 'string') reads.push(component.valuesKey);

      if (isKeyed(component)) {
        const path = join(prefix, splitPath(component.key));
        fields.push(path);
        if (component.disabled !== true && component.readonly !== true) writes.push(path);
        reads.push(rootOf(path));
      } else if (component.type === 'group' || component.type === 'dynamiclist') {
        const path = join(prefix, splitPath(component.path));
        if (path !== '') reads.push(rootOf(path));
        walk(component.components ?? [], isRepeatingList(component) ? `${path}[]` : path);
      }
    }
  };
  walk(form.components, '');
  return { writes: [...new Set(writes)], fields: [...new Set(fields)], reads: [...new Set(reads)].sort() };
}

function join(prefix: string, segments: string[]): string {
  return [prefix, ...segments].filter((part) => part !== '').join('.');
}

function rootOf(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}
