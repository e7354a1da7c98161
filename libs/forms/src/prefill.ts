// The data a task form opens with: bound values from the task's variables, overlaid by the
// official's saved draft, plus the variables the form's expressions and option lists read.
import { cloneJson, getPath, isPlainObject, setPath, type JsonObject } from './data';
import { collectBindings } from './bindings';
import { isKeyed, isRepeatingList, type FormSchema } from './schema';
import { visitForm } from './tree';

/**
 * Only what the form reads leaves the server: top-level variables named by bindings,
 * `valuesKey` and FEEL, never the whole process state. Draft values replace variables for
 * fields the user can edit (not disabled, not statically read-only); a draft list decides
 * how many items a repeating list has.
 */
export function prefillData(form: FormSchema, variables: Record<string, unknown>, draft?: unknown): Record<string, unknown> {
  const source = (cloneJson(isPlainObject(variables) ? variables : {}) ?? {}) as JsonObject;
  const saved = (cloneJson(isPlainObject(draft) ? draft : {}) ?? {}) as JsonObject;
  const data: JsonObject = {};
  for (const name of collectBindings(form).reads) {
    if (Object.hasOwn(source, name)) data[name] = source[name];
  }
  visitForm(
    form,
    ({ path }) => {
      const value = getPath(data, path);
      return Array.isArray(value) ? value.length : 0;
    },
    ({ component, path }) => {
      if (isRepeatingList(component)) {
        const items = getPath(saved, path);
        if (!Array.isArray(items)) return;
        const before = getPath(source, path);
        setPath(
          data,
          path,
          items.map((_item, index) => {
            const existing: unknown = Array.isArray(before) ? (before as unknown[])[index] : undefined;
            return isPlainObject(existing) ? cloneJson(existing) : {};
          }),
        );
        return;
      }
      if (!isKeyed(component)) return;
      if (component.disabled === true || component.readonly === true || component.type === 'expression') return;
      const value = getPath(saved, path);
      if (value !== undefined) setPath(data, path, value);
    },
  );
  return data;
}
