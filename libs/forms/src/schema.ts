// The form-js schema model and its structural check. Field types, binding and path
// claiming follow @bpmn-io/form-js-viewer 1.23 (`*.config` of each field,
// FieldFactory.create and PathRegistry.canClaimPath in dist/index.es.js).
import { feelSyntaxError, isFeelExpression, isSafeKey, type FeelKind } from './feel';
import { parseDecimal } from './decimal';

/** Fields whose value is bound to `key` (form-js `config.keyed`). */
export const KEYED_TYPES = [
  'textfield',
  'textarea',
  'number',
  'datetime',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
  'expression',
  'filepicker',
] as const;
/** Containers that may prefix their children's keys with `path` (form-js `config.pathed`). */
export const CONTAINER_TYPES = ['group', 'dynamiclist'] as const;
/** Display-only components: no binding, never submitted. */
export const DISPLAY_TYPES = ['text', 'html', 'image', 'spacer', 'separator', 'button', 'iframe', 'table', 'documentPreview'] as const;

export type KeyedType = (typeof KEYED_TYPES)[number];
export type ContainerType = (typeof CONTAINER_TYPES)[number];
export type DisplayType = (typeof DISPLAY_TYPES)[number];
export type ComponentType = KeyedType | ContainerType | DisplayType;

export type OptionValue = string | number | boolean | Record<string, unknown>;
export interface FormOption {
  label?: string;
  value: OptionValue;
}

export interface FormValidate {
  required?: boolean;
  pattern?: string;
  patternErrorMessage?: string;
  /** A number, a numeric string or a `=`-expression. */
  min?: number | string;
  max?: number | string;
  minLength?: number | string;
  maxLength?: number | string;
  validationType?: 'email' | 'phone' | '';
}

/** One component as written in the schema; properties this library does not use stay in place. */
export interface FormComponent {
  /** Always set after parsing: generated as `Field_<position>` when the schema has none. */
  id: string;
  type: ComponentType;
  key?: string;
  path?: string;
  label?: string;
  components?: FormComponent[];
  validate?: FormValidate;
  values?: (FormOption | OptionValue)[];
  valuesKey?: string;
  valuesExpression?: string;
  conditional?: { hide?: string };
  readonly?: boolean | string;
  disabled?: boolean;
  subtype?: 'date' | 'time' | 'datetime';
  disallowPassedDates?: boolean;
  decimalDigits?: number;
  increment?: number | string;
  serializeToString?: boolean;
  isRepeating?: boolean;
  allowAddRemove?: boolean;
  expression?: string;
  defaultValue?: unknown;
  [property: string]: unknown;
}

export interface FormSchema {
  id: string;
  type: 'default';
  components: FormComponent[];
  schemaVersion?: number;
  [property: string]: unknown;
}

export interface SchemaProblem {
  /** Where in the JSON, e.g. `components[2].validate.min`. */
  path: string;
  reason: string;
}

export type ParseFormResult = { ok: true; form: FormSchema } | { ok: false; problems: SchemaProblem[] };

const KNOWN_TYPES = new Set<string>([...KEYED_TYPES, ...CONTAINER_TYPES, ...DISPLAY_TYPES]);
const MAX_NESTING = 32;

export function isKeyed(component: FormComponent): boolean {
  return (KEYED_TYPES as readonly string[]).includes(component.type);
}

/** form-js repeats a dynamic list only when `isRepeating` is set (RepeatRenderManager.isFieldRepeating). */
export function isRepeatingList(component: FormComponent): boolean {
  return component.type === 'dynamiclist' && component.isRepeating === true;
}

/** Properties form-js evaluates as FEEL (EXPRESSION_PROPERTIES in getSchemaVariables). */
const FEEL_PROPERTIES: { path: string[]; kind: FeelKind }[] = [
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function readPath(object: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = object;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Claimed data paths, as form-js' PathRegistry: leaves are closed, lists own their subtree. */
interface PathNode {
  children: Map<string, PathNode> | null;
  repeaterId?: string;
}

class PathClaims {
  private readonly root: PathNode = { children: new Map() };

  /** Mirrors PathRegistry.canClaimPath + claimPath; returns a reason when the claim fails. */
  claim(path: string[], options: { closed: boolean; repeaterId?: string; ancestorIds: string[] }): string | null {
    let node = this.root;
    let created = false;
    for (const segment of path) {
      if (node.children === null) return 'a field already binds a prefix of this path';
      let next = node.children.get(segment);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(segment, next);
        created = true;
      } else if (next.repeaterId !== undefined && !options.ancestorIds.includes(next.repeaterId)) {
        return `the path belongs to dynamic list "${next.repeaterId}"`;
      } else if (next.children === null) {
        return 'a field already binds this path or a prefix of it';
      }
      node = next;
    }
    if (!created && path.length > 0 && (options.closed || options.repeaterId !== undefined)) {
      return 'the path is already bound by another field';
    }
    if (options.closed) {
      if (node.children !== null && node.children.size > 0) return 'another field binds a path below this one';
      node.children = null;
    }
    if (options.repeaterId !== undefined) node.repeaterId = options.repeaterId;
    return null;
  }
}

/**
 * Checks the structure of a form-js schema. `source` (a file name, a deployment) prefixes
 * every problem path so deploy logs say where.
 */
export function parseFormSchema(json: unknown, source?: string): ParseFormResult {
  const problems: SchemaProblem[] = [];
  const at = (path: string): string => (source ? `${source}#${path || '/'}` : path || '/');
  const problem = (path: string, reason: string): void => {
    problems.push({ path: at(path), reason });
  };

  if (!isPlainObject(json)) {
    problem('', 'a form schema must be a JSON object');
    return { ok: false, problems };
  }
  if (typeof json.id !== 'string' || json.id.trim() === '') problem('id', 'the form needs a non-empty string `id` (the formId)');
  if (json.type !== undefined && json.type !== 'default') problem('type', 'the root `type` must be "default"');
  if (!Array.isArray(json.components)) {
    problem('components', '`components` must be an array');
    return { ok: false, problems };
  }

  const ids = new Set<string>();
  const claims = new PathClaims();

  const checkComponents = (
    list: unknown[],
    jsonPath: string,
    parentPath: string[],
    ancestorIds: string[],
    depth: number,
  ): FormComponent[] => {
    const out: FormComponent[] = [];
    list.forEach((raw, index) => {
      const here = `${jsonPath}[${index}]`;
      if (!isPlainObject(raw)) {
        problem(here, 'a component must be an object');
        return;
      }
      const component = { ...raw } as FormComponent;
      const type: unknown = raw.type;
      if (typeof raw.id === 'string' && raw.id !== '') {
        component.id = raw.id;
      } else {
        if (raw.id !== undefined) problem(`${here}.id`, '`id` must be a non-empty string');
        component.id = `Field_${here.replace(/[^0-9]+/g, '_').replace(/^_|_$/g, '')}`;
      }
      const name = describe(component);
      if (typeof raw.id === 'string' && raw.id !== '') {
        if (ids.has(raw.id)) problem(`${here}.id`, `${name}: duplicate id "${raw.id}"`);
        ids.add(raw.id);
      }
      if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
        problem(`${here}.type`, `${name}: unknown component type ${JSON.stringify(type)}`);
        return;
      }

      checkFeel(component, here, name);
      checkCommon(component, here, name);

      if (isKeyed(component)) {
        const key = checkPath(raw.key, `${here}.key`, name, 'key', true);
        if (key) {
          const reason = claims.claim([...parentPath, ...key], { closed: true, ancestorIds });
          if (reason) problem(`${here}.key`, `${name}: key "${String(raw.key)}" cannot be bound: ${reason}`);
        }
        checkKeyedField(component, here, name);
      } else if (component.type === 'group' || component.type === 'dynamiclist') {
        const repeating = isRepeatingList(component);
        const own = checkPath(raw.path, `${here}.path`, name, 'path', repeating);
        let childPath = parentPath;
        if (own && own.length > 0) {
          const reason = claims.claim([...parentPath, ...own], {
            closed: false,
            repeaterId: repeating ? component.id : undefined,
            ancestorIds,
          });
          if (reason) problem(`${here}.path`, `${name}: path "${String(raw.path)}" cannot be bound: ${reason}`);
          childPath = [...parentPath, ...own];
        }
        if (raw.components === undefined) {
          component.components = [];
        } else if (!Array.isArray(raw.components)) {
          problem(`${here}.components`, `${name}: \`components\` must be an array`);
          component.components = [];
        } else if (depth >= MAX_NESTING) {
          problem(`${here}.components`, `${name}: containers are nested more than ${MAX_NESTING} deep`);
          component.components = [];
        } else {
          component.components = checkComponents(
            raw.components,
            `${here}.components`,
            childPath,
            [...ancestorIds, component.id],
            depth + 1,
          );
        }
      }
      out.push(component);
    });
    return out;
  };

  const checkPath = (value: unknown, path: string, name: string, what: 'key' | 'path', required: boolean): string[] | null => {
    if (value === undefined || value === '') {
      if (required) problem(path, `${name}: a ${what} is required`);
      return value === '' ? [] : null;
    }
    if (typeof value !== 'string') {
      problem(path, `${name}: \`${what}\` must be a string`);
      return null;
    }
    const segments = value.split('.');
    for (const segment of segments) {
      if (segment.trim() === '' || !isSafeKey(segment) || /^\d+$/.test(segment) || /[[\]]/.test(segment)) {
        problem(path, `${name}: ${what} "${value}" has an invalid segment "${segment}"`);
        return null;
      }
    }
    return segments;
  };

  const checkFeel = (component: FormComponent, here: string, name: string): void => {
    for (const property of FEEL_PROPERTIES) {
      const value = readPath(component, property.path);
      if (!isFeelExpression(value)) continue;
      const error = feelSyntaxError(value, property.kind);
      if (error)
        problem(`${here}.${property.path.join('.')}`, `${name}: FEEL ${property.path.join('.')} "${value}" does not parse: ${error}`);
    }
  };

  const checkCommon = (component: FormComponent, here: string, name: string): void => {
    const { conditional, readonly, disabled } = component;
    if (conditional !== undefined) {
      if (!isPlainObject(conditional)) problem(`${here}.conditional`, `${name}: \`conditional\` must be an object`);
      else if (conditional.hide !== undefined && !isFeelExpression(conditional.hide)) {
        problem(`${here}.conditional.hide`, `${name}: \`conditional.hide\` must be a FEEL expression starting with "="`);
      }
    }
    if (readonly !== undefined && typeof readonly !== 'boolean' && !isFeelExpression(readonly)) {
      problem(`${here}.readonly`, `${name}: \`readonly\` must be a boolean or a FEEL expression`);
    }
    if (disabled !== undefined && typeof disabled !== 'boolean') problem(`${here}.disabled`, `${name}: \`disabled\` must be a boolean`);
  };

  const checkKeyedField = (component: FormComponent, here: string, name: string): void => {
    const { validate } = component;
    if (validate !== undefined) {
      if (!isPlainObject(validate)) {
        problem(`${here}.validate`, `${name}: \`validate\` must be an object`);
      } else {
        checkValidate(validate, `${here}.validate`, name);
        // form-js compares min/max with big.js and lengths with value.trim(): on other
        // types the browser reports a broken rule (or throws), so say so at deployment.
        for (const rule of ['min', 'max'] as const) {
          if (validate[rule] !== undefined && component.type !== 'number') {
            problem(`${here}.validate.${rule}`, `${name}: \`${rule}\` only applies to number fields`);
          }
        }
        for (const rule of ['minLength', 'maxLength'] as const) {
          if (validate[rule] !== undefined && !['textfield', 'textarea'].includes(component.type)) {
            problem(`${here}.validate.${rule}`, `${name}: \`${rule}\` only applies to text fields`);
          }
        }
      }
    }
    if (component.type === 'number') {
      const { decimalDigits, increment } = component;
      if (decimalDigits !== undefined && !(Number.isInteger(decimalDigits) && decimalDigits >= 0)) {
        problem(`${here}.decimalDigits`, `${name}: \`decimalDigits\` must be a non-negative integer`);
      }
      if (increment !== undefined && increment !== '' && increment !== null) {
        const step = parseDecimal(increment);
        if (step === null || step.units <= 0n) problem(`${here}.increment`, `${name}: \`increment\` must be a positive number`);
      }
    }
    if (component.type === 'datetime' && component.subtype !== undefined && !['date', 'time', 'datetime'].includes(component.subtype)) {
      problem(`${here}.subtype`, `${name}: \`subtype\` must be date, time or datetime`);
    }
    if (component.type === 'expression' && !isFeelExpression(component.expression)) {
      problem(`${here}.expression`, `${name}: an expression field needs \`expression\` starting with "="`);
    }
    if (['checklist', 'radio', 'select', 'taglist'].includes(component.type)) checkOptions(component, here, name);
  };

  const checkValidate = (validate: Record<string, unknown>, here: string, name: string): void => {
    if (validate.required !== undefined && typeof validate.required !== 'boolean') {
      problem(`${here}.required`, `${name}: \`required\` must be a boolean (form-js does not evaluate FEEL here)`);
    }
    if (validate.pattern !== undefined && validate.pattern !== '') {
      if (typeof validate.pattern !== 'string') problem(`${here}.pattern`, `${name}: \`pattern\` must be a string`);
      else {
        try {
          new RegExp(validate.pattern);
        } catch (error: unknown) {
          problem(
            `${here}.pattern`,
            `${name}: pattern "${validate.pattern}" is not a valid regular expression: ${(error as Error).message}`,
          );
        }
      }
    }
    if (validate.patternErrorMessage !== undefined && typeof validate.patternErrorMessage !== 'string') {
      problem(`${here}.patternErrorMessage`, `${name}: \`patternErrorMessage\` must be a string`);
    }
    for (const bound of ['min', 'max'] as const) {
      const value = validate[bound];
      if (value === undefined || value === null || value === '' || isFeelExpression(value)) continue;
      if (parseDecimal(value) === null) problem(`${here}.${bound}`, `${name}: \`${bound}\` must be a number or a FEEL expression`);
    }
    for (const bound of ['minLength', 'maxLength'] as const) {
      const value = validate[bound];
      if (value === undefined || value === null || value === '' || isFeelExpression(value)) continue;
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
        problem(`${here}.${bound}`, `${name}: \`${bound}\` must be a non-negative integer or a FEEL expression`);
      }
    }
    const { validationType } = validate;
    if (validationType !== undefined && validationType !== '' && validationType !== 'email' && validationType !== 'phone') {
      problem(`${here}.validationType`, `${name}: \`validationType\` must be "email" or "phone"`);
    }
  };

  const checkOptions = (component: FormComponent, here: string, name: string): void => {
    const { values, valuesKey, valuesExpression } = component;
    if (valuesKey !== undefined && (typeof valuesKey !== 'string' || valuesKey === '' || !isSafeKey(valuesKey))) {
      problem(`${here}.valuesKey`, `${name}: \`valuesKey\` must be a variable name`);
    }
    if (valuesExpression !== undefined && !isFeelExpression(valuesExpression)) {
      problem(`${here}.valuesExpression`, `${name}: \`valuesExpression\` must be a FEEL expression starting with "="`);
    }
    if (values === undefined) return;
    if (!Array.isArray(values)) {
      problem(`${here}.values`, `${name}: \`values\` must be an array of options`);
      return;
    }
    const seen: string[] = [];
    values.forEach((option: unknown, index) => {
      const optionPath = `${here}.values[${index}]`;
      let value: unknown = option;
      if (isPlainObject(option)) {
        if (!Object.hasOwn(option, 'value')) {
          problem(optionPath, `${name}: option without \`value\``);
          return;
        }
        if (option.label !== undefined && typeof option.label !== 'string')
          problem(`${optionPath}.label`, `${name}: option label must be a string`);
        value = option.value;
      }
      const valid =
        (typeof value === 'string' && value !== '') ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        typeof value === 'boolean' ||
        (isPlainObject(value) && Object.keys(value).length > 0);
      if (!valid) {
        problem(optionPath, `${name}: option value must be a non-empty string, a number, a boolean or a non-empty object`);
        return;
      }
      const signature = JSON.stringify(value);
      if (seen.includes(signature)) problem(optionPath, `${name}: duplicate option value ${signature}`);
      seen.push(signature);
    });
  };

  const components = checkComponents(json.components, 'components', [], [], 0);
  if (problems.length > 0) return { ok: false, problems };
  const form: FormSchema = { ...json, id: json.id as string, type: 'default', components };
  return { ok: true, form };
}

function describe(component: FormComponent): string {
  const key = typeof component.key === 'string' ? ` key "${component.key}"` : '';
  return `${typeof component.type === 'string' ? component.type : 'component'} "${component.id}"${key}`;
}
