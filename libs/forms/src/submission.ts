// Server-side validation of a form submission with form-js' own rules (Validator,
// runNumberValidation, runPresetValidation, ConditionChecker, useReadonly, useOptionsAsync
// and each field's sanitizeValue in @bpmn-io/form-js-viewer/dist/index.es.js), plus what
// form-js only enforces in the browser: options, read-only and disabled fields, hidden
// fields, unknown keys and value types.
import { cloneJson, formatPath, getPath, isPlainObject, jsonEqual, setPath, type DataPath, type JsonObject } from './data';
import {
  addDecimal,
  compareDecimal,
  countDecimals,
  formatDecimal,
  isZero,
  modDecimal,
  parseDecimal,
  subtractDecimal,
  type Decimal,
} from './decimal';
import { FeelBudgetExceeded, FeelEvaluator } from './evaluator';
import { isFeelExpression, isSafeKey } from './feel';
import { messages, type SubmissionError, type SubmissionErrorCode } from './messages';
import { isKeyed, isRepeatingList, type FormComponent, type FormSchema } from './schema';
import { splitPath, visitForm, type Visit } from './tree';

export interface SubmissionLimits {
  /** Deepest nesting of objects and arrays accepted in a body. */
  maxDepth: number;
  /** Most values (object entries and array items, counted recursively). */
  maxValues: number;
  /** Longest string, in UTF-16 units (patterns run on these). */
  maxStringLength: number;
  /** Values FEEL may copy into its contexts over one validation (bounds quadratic conditions). */
  maxFeelWork: number;
}

export const DEFAULT_LIMITS: SubmissionLimits = { maxDepth: 32, maxValues: 10_000, maxStringLength: 100_000, maxFeelWork: 2_000_000 };

export interface ValidateOptions {
  /** `YYYY-MM-DD` for `disallowPassedDates`; defaults to today in Asia/Shanghai. */
  today?: string;
  limits?: Partial<SubmissionLimits>;
}

export type SubmissionResult = { ok: true; variables: Record<string, unknown> } | { ok: false; errors: SubmissionError[] };

/** form-js EMAIL_PATTERN (Validator.js). */
export const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** form-js PHONE_PATTERN (Validator.js), unanchored at the start exactly as there. */
export const PHONE_PATTERN =
  /(\+|00)(297|93|244|1264|358|355|376|971|54|374|1684|1268|61|43|994|257|32|229|226|880|359|973|1242|387|590|375|501|1441|591|55|1246|673|975|267|236|1|61|41|56|86|225|237|243|242|682|57|269|238|506|53|5999|61|1345|357|420|49|253|1767|45|1809|1829|1849|213|593|20|291|212|34|372|251|358|679|500|33|298|691|241|44|995|44|233|350|224|590|220|245|240|30|1473|299|502|594|1671|592|852|504|385|509|36|62|44|91|246|353|98|964|354|972|39|1876|44|962|81|76|77|254|996|855|686|1869|82|383|965|856|961|231|218|1758|423|94|266|370|352|371|853|590|212|377|373|261|960|52|692|389|223|356|95|382|976|1670|258|222|1664|596|230|265|60|262|264|687|227|672|234|505|683|31|47|977|674|64|968|92|507|64|51|63|680|675|48|1787|1939|850|351|595|970|689|974|262|40|7|250|966|249|221|65|500|4779|677|232|503|378|252|508|381|211|239|597|421|386|46|268|1721|248|963|1649|235|228|66|992|690|993|670|676|1868|216|90|688|886|255|256|380|598|1|998|3906698|379|1784|58|1284|1340|84|678|681|685|967|27|260|263)(9[976]\d|8[987530]\d|6[987]\d|5[90]\d|42\d|3[875]\d|2[98654321]\d|9[8543210]|8[6421]|6[6543210]|5[87654321]|4[987654310]|3[9643210]|2[70]|7|1)\d{4,20}$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;
const EXPRESSION_PASSES = 5;

/**
 * Validates `submitted` (the parsed request body) against `form`, with `context` being the
 * task's variables. On success `variables` holds what to complete the job with: the
 * submitted values of visible, editable bound fields and computed expression fields, numbers
 * as numbers; values under a nested path are merged into the context's object, because
 * Zeebe replaces top-level variables whole.
 */
export function validateSubmission(
  form: FormSchema,
  submitted: unknown,
  context: Record<string, unknown>,
  options: ValidateOptions = {},
): SubmissionResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bodyError = checkBody(submitted, limits);
  if (bodyError) return { ok: false, errors: [bodyError] };
  const body = submitted as JsonObject;
  const initial = (cloneJson(isPlainObject(context) ? context : {}) ?? {}) as JsonObject;

  const errors: SubmissionError[] = [];
  const fail = (path: DataPath, code: SubmissionErrorCode, message: string): void => {
    errors.push({ field: formatPath(path), code, message });
  };

  checkKnownKeys(form, body, fail);

  // (1) The form data as the browser would hold it: the context overlaid with the submitted
  // values of fields that are neither disabled nor statically read-only.
  const data = (cloneJson(initial) ?? {}) as JsonObject;
  const submittedPaths = new Set<string>();
  const listCount = (visit: Visit): number => {
    const value = getPath(data, visit.path);
    return Array.isArray(value) ? value.length : 0;
  };
  const typeErrors = new Set<string>();
  const written: DataPath[] = [];
  visitForm(form, listCount, ({ component, path }) => {
    if (isRepeatingList(component)) {
      const items = getPath(body, path);
      if (items === undefined) return;
      if (!Array.isArray(items)) return; // reported by checkKnownKeys
      const before = getPath(initial, path);
      if (component.allowAddRemove === false && Array.isArray(before) && before.length !== items.length) {
        fail(path, 'list_length', messages.listLength);
      }
      setPath(
        data,
        path,
        items.map((_item, index) => {
          const existing: unknown = Array.isArray(before) ? (before as unknown[])[index] : undefined;
          return isPlainObject(existing) ? cloneJson(existing) : {};
        }),
      );
      submittedPaths.add(formatPath(path));
      return;
    }
    if (!isKeyed(component) || component.type === 'expression') return;
    if (component.disabled === true || component.readonly === true) return;
    const raw = getPath(body, path);
    if (raw === undefined) return;
    const coerced = coerce(component, raw);
    if ('error' in coerced) {
      fail(path, 'wrong_type', coerced.error);
      typeErrors.add(formatPath(path));
      return;
    }
    setPath(data, path, coerced.value);
    submittedPaths.add(formatPath(path));
  });

  // (2) FEEL read-only (a unary test, form-js useReadonly) and (3) hidden fields
  // (ConditionChecker.applyConditions, evaluated over the data as submitted): both keep the
  // context's value.
  const feel = new FeelEvaluator(data, limits.maxFeelWork);
  try {
    const restore = (paths: DataPath[]): void => {
      for (const path of paths) setPath(data, path, cloneJson(getPath(initial, path)));
      feel.invalidate();
    };
    const editable = new Set<string>();
    const readonlyPaths: DataPath[] = [];
    visitForm(form, listCount, ({ component, path, scope }) => {
      if (!isKeyed(component) || component.type === 'expression') return;
      const readonly = component.readonly;
      if (component.disabled === true || readonly === true) return;
      if (isFeelExpression(readonly) && feel.test(readonly, scope)) readonlyPaths.push(path);
      else editable.add(formatPath(path));
    });
    const hiddenPaths: DataPath[] = [];
    const visibleFields: Visit[] = [];
    visitForm(form, listCount, (visit) => {
      const { component, path, scope } = visit;
      const hide = component.conditional?.hide;
      if (isFeelExpression(hide) && feel.test(hide, scope)) {
        hiddenPaths.push(...boundPaths(component, path));
        return false;
      }
      if (isKeyed(component)) visibleFields.push(visit);
      return true;
    });
    restore([...readonlyPaths, ...hiddenPaths]);

    // (4) Expression fields: computed here, never taken from the body (form-js ExpressionField).
    const expressionFields = visibleFields.filter((visit) => visit.component.type === 'expression');
    for (let pass = 0; pass < EXPRESSION_PASSES && expressionFields.length > 0; pass++) {
      let changed = false;
      for (const { component, path, scope } of expressionFields) {
        const value = feel.evaluate(component.expression, scope);
        if (!jsonEqual(value, getPath(data, path))) {
          setPath(data, path, value);
          feel.invalidate();
          changed = true;
        }
      }
      if (!changed) break;
    }

    // (5) The rules, on visible editable fields (form-js Form.validate skips disabled ones;
    // read-only ones cannot be corrected by the user, so we keep rather than judge them).
    // Intl is slow to start: only ask for today when a date rule needs it.
    const today = (): string => options.today ?? todayIn('Asia/Shanghai');
    for (const visit of visibleFields) {
      const { component, path } = visit;
      const id = formatPath(path);
      if (component.type === 'expression') {
        written.push(path);
        continue;
      }
      if (!editable.has(id) || typeErrors.has(id)) continue;
      validateField(visit, getPath(data, path), feel, initial, today, fail);
      if (submittedPaths.has(id)) written.push(path);
    }
    visitForm(form, listCount, ({ component, path }) => {
      if (isRepeatingList(component) && submittedPaths.has(formatPath(path)) && !hiddenPaths.some((hidden) => startsWith(path, hidden))) {
        written.push(path);
      }
    });
  } catch (error: unknown) {
    if (!(error instanceof FeelBudgetExceeded)) throw error;
    return { ok: false, errors: [{ field: '', code: 'invalid_body', message: messages.tooMuchWork }] };
  }

  if (errors.length > 0) return { ok: false, errors };
  const variables: Record<string, unknown> = {};
  for (const path of written) {
    const root = path[0];
    if (typeof root !== 'string' || Object.hasOwn(variables, root)) continue;
    variables[root] = cloneJson(getPath(data, [root])) ?? null;
  }
  return { ok: true, variables };
}

/** The data paths a component binds: its key, a whole repeating list, or a group's fields. */
function boundPaths(component: FormComponent, path: DataPath): DataPath[] {
  if (isKeyed(component) || isRepeatingList(component)) return [path];
  if (component.type !== 'group' && component.type !== 'dynamiclist') return [];
  return (component.components ?? []).flatMap((child) =>
    boundPaths(child, isKeyed(child) ? [...path, ...splitPath(child.key)] : [...path, ...splitPath(child.path)]),
  );
}

function startsWith(path: DataPath, prefix: DataPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

// --- the body -------------------------------------------------------------------------

function checkBody(submitted: unknown, limits: SubmissionLimits): SubmissionError | null {
  if (!isPlainObject(submitted)) return { field: '', code: 'invalid_body', message: messages.notAnObject };
  let values = 0;
  const stack: { value: unknown; depth: number; path: DataPath }[] = [{ value: submitted, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: unknown; depth: number; path: DataPath };
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) {
        return { field: formatPath(path), code: 'invalid_body', message: messages.stringTooLong(limits.maxStringLength) };
      }
      continue;
    }
    if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) continue;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) return { field: formatPath(path), code: 'invalid_body', message: messages.notJson };
    if (depth > limits.maxDepth) return { field: formatPath(path), code: 'invalid_body', message: messages.tooDeep(limits.maxDepth) };
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item: unknown, index): [number, unknown] => [index, item])
      : Object.entries(value);
    values += entries.length;
    if (values > limits.maxValues) return { field: '', code: 'invalid_body', message: messages.tooLarge(limits.maxValues) };
    for (const [key, item] of entries) stack.push({ value: item, depth: depth + 1, path: [...path, key] });
  }
  return null;
}

/**
 * The shape the form binds, as a tree of expected keys: a leaf is a field, a `list` node a
 * repeating dynamic list whose items follow `item`.
 */
interface Shape {
  children: Map<string, Shape>;
  leaf: boolean;
  item?: Shape;
}

function shapeOf(components: FormComponent[], into: Shape = { children: new Map(), leaf: false }): Shape {
  const descend = (node: Shape, segments: string[]): Shape => {
    let current = node;
    for (const segment of segments) {
      let next = current.children.get(segment);
      if (!next) {
        next = { children: new Map(), leaf: false };
        current.children.set(segment, next);
      }
      current = next;
    }
    return current;
  };
  for (const component of components) {
    if (isKeyed(component)) {
      descend(into, splitPath(component.key)).leaf = true;
    } else if (component.type === 'group' || component.type === 'dynamiclist') {
      const node = descend(into, splitPath(component.path));
      if (isRepeatingList(component)) {
        node.item = shapeOf(component.components ?? [], node.item);
      } else {
        shapeOf(component.components ?? [], node);
      }
    }
  }
  return into;
}

function checkKnownKeys(
  form: FormSchema,
  body: JsonObject,
  fail: (path: DataPath, code: SubmissionErrorCode, message: string) => void,
): void {
  const check = (shape: Shape, value: unknown, path: DataPath): void => {
    if (shape.leaf) return;
    if (shape.item) {
      if (value === null) return;
      if (!Array.isArray(value)) {
        fail(path, 'wrong_type', messages.notAList);
        return;
      }
      value.forEach((item: unknown, index) => {
        if (!isPlainObject(item)) fail([...path, index], 'wrong_type', messages.notAListItem);
        else check(shape.item as Shape, item, [...path, index]);
      });
      return;
    }
    if (value === null && path.length > 0) return;
    if (!isPlainObject(value)) {
      fail(path, 'wrong_type', messages.notAnObjectValue);
      return;
    }
    for (const key of Object.keys(value)) {
      const child = isSafeKey(key) ? shape.children.get(key) : undefined;
      if (!child) fail([...path, key], 'unknown_field', messages.unknownField);
      else check(child, value[key], [...path, key]);
    }
  };
  check(shapeOf(form.components), body, []);
}

// --- types: what each field accepts, as form-js submits it ------------------------------

type Coerced = { value: unknown } | { error: string };

function coerce(component: FormComponent, raw: unknown): Coerced {
  if (raw === null) return { value: null };
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      return typeof raw === 'string' ? { value: raw } : { error: messages.notText };
    case 'number': {
      // form-js Numberfield.sanitizeValue: a number, or a string with `serializeToString`.
      if (raw === '') return { value: null };
      const decimal = parseDecimal(raw);
      if (decimal === null || (typeof raw !== 'number' && typeof raw !== 'string')) return { error: messages.notANumber };
      return { value: component.serializeToString === true ? String(raw).trim() : Number(raw) };
    }
    case 'checkbox':
      return typeof raw === 'boolean' ? { value: raw } : { error: messages.notABoolean };
    case 'checklist':
    case 'taglist':
      return Array.isArray(raw) ? { value: cloneJson(raw) } : { error: messages.notAList };
    case 'radio':
    case 'select':
      if (raw === '') return { value: null };
      return Array.isArray(raw) ? { error: messages.notAnOption } : { value: cloneJson(raw) };
    case 'datetime':
      if (raw === '') return { value: null };
      return typeof raw === 'string' && isDateTimeValue(component, raw) ? { value: raw } : { error: dateTimeMessage(component) };
    case 'filepicker':
      return typeof raw === 'string' ? { value: raw } : { error: messages.notAFileReference };
    case 'expression':
    case 'group':
    case 'dynamiclist':
    case 'text':
    case 'html':
    case 'image':
    case 'spacer':
    case 'separator':
    case 'button':
    case 'iframe':
    case 'table':
    case 'documentPreview':
      return { value: cloneJson(raw) };
  }
}

function subtypeOf(component: FormComponent): 'date' | 'time' | 'datetime' {
  return component.subtype ?? 'date';
}

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The strings form-js' Datetime serialises (serializeDate, serializeTime, serializeDateTime). */
function isDateTimeValue(component: FormComponent, value: string): boolean {
  switch (subtypeOf(component)) {
    case 'date':
      return isDate(value);
    case 'time':
      return TIME.test(value);
    case 'datetime': {
      const [date, time, extra] = value.split('T');
      return extra === undefined && date !== undefined && time !== undefined && isDate(date) && TIME.test(time);
    }
  }
}

function dateTimeMessage(component: FormComponent): string {
  switch (subtypeOf(component)) {
    case 'date':
      return messages.notADate;
    case 'time':
      return messages.notATime;
    case 'datetime':
      return messages.notADateTime;
  }
}

// --- rules ------------------------------------------------------------------------------

function validateField(
  visit: Visit,
  value: unknown,
  feel: FeelEvaluator,
  initial: JsonObject,
  today: () => string,
  fail: (path: DataPath, code: SubmissionErrorCode, message: string) => void,
): void {
  const { component, path, scope } = visit;

  if (component.type === 'number') numberRules(component, value, path, fail);

  // Options are a server-only rule: form-js trusts the browser here.
  if (['radio', 'select', 'checklist', 'taglist'].includes(component.type) && !isEmpty(value)) {
    const options = optionValues(component, initial, (expression) => feel.evaluate(expression, scope));
    const chosen = Array.isArray(value) ? value : [value];
    if (chosen.some((item) => !options.some((option) => jsonEqual(option, item)))) fail(path, 'not_an_option', messages.notAnOption);
  }

  if (
    component.type === 'datetime' &&
    component.disallowPassedDates === true &&
    typeof value === 'string' &&
    subtypeOf(component) !== 'time'
  ) {
    if (value.slice(0, 10) < today()) fail(path, 'min', messages.pastDate);
  }

  const validate = component.validate;
  if (!validate) return;

  // runPresetValidation, in its order.
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  if (typeof validate.pattern === 'string' && validate.pattern !== '' && text) {
    const pattern = compile(validate.pattern);
    if (pattern === null) fail(path, 'invalid_rule', messages.invalidRule('pattern'));
    else if (!pattern.test(text)) fail(path, 'pattern', validate.patternErrorMessage || messages.pattern);
  }
  if (validate.required === true) {
    const unchecked = component.type === 'checkbox' && value === false;
    if (unchecked || isEmpty(value)) fail(path, 'required', messages.required);
  }
  if (component.type === 'number' && (value || value === 0)) {
    for (const bound of ['min', 'max'] as const) {
      // Only min, max, minLength and maxLength may be FEEL (VALIDATE_FEEL_PROPERTIES);
      // an expression evaluating to null drops the rule.
      const limit = feel.evaluate(validate[bound], scope, true);
      if (limit === null || limit === undefined || limit === '') continue;
      const limitDecimal = parseDecimal(limit);
      const valueDecimal = parseDecimal(value);
      if (limitDecimal === null || valueDecimal === null) {
        fail(path, 'invalid_rule', messages.invalidRule(bound));
        continue;
      }
      const comparison = compareDecimal(valueDecimal, limitDecimal);
      if (bound === 'min' && comparison < 0) fail(path, 'min', messages.min(formatDecimal(limitDecimal)));
      if (bound === 'max' && comparison > 0) fail(path, 'max', messages.max(formatDecimal(limitDecimal)));
    }
  }
  if (typeof value === 'string' && value !== '') {
    // form-js measures `value.trim().length`.
    const length = value.trim().length;
    const minLength = lengthBound(feel.evaluate(validate.minLength, scope));
    const maxLength = lengthBound(feel.evaluate(validate.maxLength, scope));
    if (minLength !== null && length < minLength) fail(path, 'min_length', messages.minLength(minLength));
    if (maxLength !== null && length > maxLength) fail(path, 'max_length', messages.maxLength(maxLength));
    if (validate.validationType === 'phone' && !PHONE_PATTERN.test(value)) fail(path, 'phone', messages.phone);
    if (validate.validationType === 'email' && !EMAIL_PATTERN.test(value)) fail(path, 'email', messages.email);
  }
}

/** form-js builds `new RegExp(pattern)` with no flags; a schema that skipped parsing may hold a bad one. */
function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

function lengthBound(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** form-js runNumberValidation: decimal digits, then the step, counted from 0 (not from min). */
function numberRules(
  component: FormComponent,
  value: unknown,
  path: DataPath,
  fail: (path: DataPath, code: SubmissionErrorCode, message: string) => void,
): void {
  if (!value) return; // form-js: `else if (value)`: 0 and empty skip both checks
  const decimal = parseDecimal(value);
  if (decimal === null) return;
  const { decimalDigits, increment } = component;
  if (typeof decimalDigits === 'number' && decimalDigits >= 0 && countDecimals(decimal) > decimalDigits) {
    fail(path, 'decimal_digits', decimalDigits === 0 ? messages.integer : messages.decimalDigits(decimalDigits));
  }
  const step: Decimal | null = increment === undefined || increment === '' ? null : parseDecimal(increment);
  if (step !== null && !isZero(step)) {
    const offset = modDecimal(decimal, step);
    if (!isZero(offset)) {
      const previous = subtractDecimal(decimal, offset);
      fail(path, 'increment', messages.increment(formatDecimal(previous), formatDecimal(addDecimal(previous, step))));
    }
  }
}

/**
 * The values a select, radio, checklist or taglist offers, as form-js useOptionsAsync picks
 * them: `valuesKey` (a top-level variable of the initial data), else static `values`, else
 * `valuesExpression`; with none, form-js' default option `value` (createEmptyOptions).
 */
function optionValues(component: FormComponent, initial: JsonObject, evaluate: (expression: unknown) => unknown): unknown[] {
  let options: unknown;
  if (component.valuesKey !== undefined) {
    options = getPath(initial, [component.valuesKey]);
  } else if (component.values !== undefined) {
    options = component.values;
  } else if (component.valuesExpression !== undefined) {
    options = evaluate(component.valuesExpression);
  } else {
    options = [{ label: 'Value', value: 'value' }];
  }
  if (!Array.isArray(options)) return [];
  const values: unknown[] = [];
  for (const option of options) {
    const normalized = normalizeOption(option);
    if (normalized !== undefined) values.push(normalized);
  }
  return values;
}

/** form-js _normalizeOption: a primitive is its own value; an object needs `value`. */
function normalizeOption(option: unknown): unknown {
  if (isAllowedPrimitive(option)) return option;
  if (!isPlainObject(option)) return undefined;
  const label = option.label;
  const value = option.value;
  const validLabel = typeof label === 'string' && label !== '';
  if (!validLabel && isAllowedPrimitive(value)) return value;
  if (validLabel && (isAllowedPrimitive(value) || (isPlainObject(value) && Object.keys(value).length > 0))) return value;
  return undefined;
}

function isAllowedPrimitive(value: unknown): boolean {
  return (
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
    (Boolean(value) || value === 0 || value === false)
  );
}
