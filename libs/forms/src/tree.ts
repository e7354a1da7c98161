// Walks a parsed form the way form-js binds it: keyed fields at `key`, groups and
// non-repeating lists prefix `path`, repeating dynamic lists (`isRepeating`) repeat their
// children per item. Mirrors PathRegistry.getValuePath and ConditionChecker's scopes in
// @bpmn-io/form-js-viewer.
import type { DataPath } from './data';
import { isKeyed, isRepeatingList, type FormComponent, type FormSchema } from './schema';

/** What `this`, `parent` and `i` mean in FEEL for a component (form-js LocalExpressionContext). */
export interface Scope {
  thisPath: DataPath | null;
  parentPath: DataPath | null;
  /** 1-based item numbers of the enclosing lists, outermost first. */
  indexes: number[];
}

export interface Visit {
  component: FormComponent;
  /** Keyed field: its value path. Container: the prefix its children bind under. */
  path: DataPath;
  scope: Scope;
}

const ROOT_SCOPE: Scope = { thisPath: null, parentPath: null, indexes: [] };

/**
 * Calls `visitor` for every component in document order. Returning `false` skips a
 * container's children. `itemCount` says how many items a repeating list has.
 */
export function visitForm(form: FormSchema, itemCount: (visit: Visit) => number, visitor: (visit: Visit) => boolean | void): void {
  const walk = (components: FormComponent[], prefix: DataPath, scope: Scope): void => {
    for (const component of components) {
      if (isKeyed(component)) {
        visitor({ component, path: [...prefix, ...splitPath(component.key)], scope });
        continue;
      }
      if (component.type !== 'group' && component.type !== 'dynamiclist') {
        visitor({ component, path: prefix, scope });
        continue;
      }
      const path = [...prefix, ...splitPath(component.path)];
      const visit: Visit = { component, path, scope };
      if (visitor(visit) === false) continue;
      const children = component.components ?? [];
      if (!isRepeatingList(component)) {
        walk(children, path, scope);
        continue;
      }
      const count = itemCount(visit);
      for (let index = 0; index < count; index++) {
        walk(children, [...path, index], {
          thisPath: [...path, index],
          parentPath: scope.thisPath ?? [],
          indexes: [...scope.indexes, index + 1],
        });
      }
    }
  };
  walk(form.components, [], ROOT_SCOPE);
}

export function splitPath(path: unknown): string[] {
  return typeof path === 'string' && path !== '' ? path.split('.') : [];
}
