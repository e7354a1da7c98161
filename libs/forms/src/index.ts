// libs/forms: form-js schemas on the server. Parses and checks a schema at deployment,
// lists the variables it binds, prefills a task form and validates its submission with
// form-js' own rules. Pure functions over plain data: no Nest, no I/O.
export { parseFormSchema, KEYED_TYPES, CONTAINER_TYPES, DISPLAY_TYPES } from './schema';
export type {
  FormSchema,
  FormComponent,
  FormValidate,
  FormOption,
  OptionValue,
  ComponentType,
  KeyedType,
  SchemaProblem,
  ParseFormResult,
} from './schema';
export { collectBindings } from './bindings';
export type { FormBindings } from './bindings';
export { validateSubmission, DEFAULT_LIMITS, EMAIL_PATTERN, PHONE_PATTERN } from './submission';
export type { SubmissionResult, SubmissionLimits, ValidateOptions } from './submission';
export { prefillData } from './prefill';
export { SUBMISSION_ERROR_CODES, messages as submissionMessages } from './messages';
export type { SubmissionError, SubmissionErrorCode } from './messages';
