/**
 * Puts the server's field errors on the form fields they belong to. The server names
 * fields by request path (`memberships[0].orgUnitId`); a page maps those to its own form
 * fields, and whatever has no field is returned to be shown above the form.
 */
import type { FormInstance } from 'antd';
import { ApiError, errorMessage } from './client';

export interface FormErrorResult {
  /** A sentence for the top of the form, or undefined when every error found its field. */
  readonly formMessage: string | undefined;
}

/**
 * `conflictField`: where a 409 belongs when the form has one unique field (the username of a
 * new user, the id of a new unit); the server answers those conflicts without a field.
 */
export function applyServerErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fieldMap: Readonly<Record<string, string>>,
  conflictField?: string,
): FormErrorResult {
  if (!(error instanceof ApiError)) return { formMessage: errorMessage(error) };
  if (error.status === 409 && conflictField && error.fieldErrors.length === 0) {
    form.setFields([{ name: conflictField as never, errors: [error.message] }]);
    return { formMessage: undefined };
  }
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const fieldError of error.fieldErrors) {
    const target = fieldMap[fieldError.field] ?? fieldMap[fieldError.field.replace(/\[\d+\]/g, '[]')];
    if (target) byField.set(target, [...(byField.get(target) ?? []), fieldError.message]);
    else unplaced.push(`${fieldError.field}：${fieldError.message}`);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  if (byField.size > 0 && unplaced.length === 0) return { formMessage: undefined };
  return { formMessage: unplaced.length > 0 ? `${error.message}（${unplaced.join('；')}）` : error.message };
}
