/**
 * Helpers that build form-js schemas (schemaVersion 18, Camunda 8.8) for the procedure
 * forms. Each form is written to forms/<id>.form; the generated JSON is the source of truth
 * and may be edited in the form editor afterwards.
 */

let counter = 0;
const fid = (hint) => `Field_${hint.replace(/[^A-Za-z0-9]/g, '_')}_${(++counter).toString(36)}`;

export function form(id, title, components) {
  counter = 0;
  return {
    id,
    type: 'default',
    schemaVersion: 18,
    executionPlatform: 'Camunda Cloud',
    executionPlatformVersion: '8.8.0',
    exporter: { name: 'red-property forms/_generator', version: '1.0.0' },
    components: [{ type: 'text', id: fid('title'), text: `### ${title}` }, ...components],
  };
}

export const heading = (text) => ({ type: 'text', id: fid('text'), text });

/** Data from earlier steps, shown read-only. */
export const ro = (key, label, type = 'textfield') => ({ type, id: fid(key), key, label, readonly: true });

export function textfield(key, label, opts = {}) {
  return field('textfield', key, label, opts);
}
export function textarea(key, label, opts = {}) {
  return field('textarea', key, label, opts);
}
export function number(key, label, opts = {}) {
  return field('number', key, label, { decimalDigits: 0, ...opts });
}
export function checkbox(key, label, opts = {}) {
  return field('checkbox', key, label, opts);
}
export function date(key, label, opts = {}) {
  return field('datetime', key, label, { subtype: 'date', dateLabel: label, ...opts, label: undefined });
}
export function select(key, label, values, opts = {}) {
  return field('select', key, label, { values: values.map(([value, l]) => ({ value, label: l })), ...opts });
}
export function radio(key, label, values, opts = {}) {
  return field('radio', key, label, { values: values.map(([value, l]) => ({ value, label: l })), ...opts });
}
/** A computed value (not shown) that is submitted with the form. */
export function expression(key, feel) {
  return { type: 'expression', id: fid(key), key, expression: feel, computeOn: 'change' };
}
export function list(path, label, components, opts = {}) {
  return {
    type: 'dynamiclist',
    id: fid(path),
    path,
    label,
    isRepeating: true,
    allowAddRemove: true,
    defaultRepetitions: 1,
    showOutline: true,
    components,
    ...opts,
  };
}

function field(type, key, label, opts) {
  const { required, min, max, pattern, patternErrorMessage, minLength, maxLength, hideIf, ...rest } = opts;
  const validate = {};
  if (required) validate.required = true;
  if (min !== undefined) validate.min = min;
  if (max !== undefined) validate.max = max;
  if (minLength !== undefined) validate.minLength = minLength;
  if (maxLength !== undefined) validate.maxLength = maxLength;
  if (pattern) {
    validate.pattern = pattern;
    if (patternErrorMessage) validate.patternErrorMessage = patternErrorMessage;
  }
  const out = { type, id: fid(key), key };
  if (label !== undefined) out.label = label;
  Object.assign(out, rest);
  if (out.label === undefined) delete out.label;
  if (Object.keys(validate).length) out.validate = validate;
  if (hideIf) out.conditional = { hide: hideIf };
  return out;
}
