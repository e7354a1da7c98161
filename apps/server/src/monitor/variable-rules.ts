/** What an admin may write into a running instance through the monitor: pure rules, one error per offending variable. */
import type { FieldError } from '../common/app-error';
import { UNIT_VARIABLES_DEEPEST_FIRST } from '../processes/org-variables';

/** Names FEEL reads without quoting: a letter or `_`, then letters, digits or `_`. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The unit variables decide who sees the instance and its tasks, and the starter variables
 * who started it; changing them here would move the instance between subtrees unaudited.
 */
export const PROTECTED_VARIABLES: ReadonlySet<string> = new Set([...UNIT_VARIABLES_DEEPEST_FIRST, 'startedBy', 'startedByUsername']);

export function variableProblems(variables: Record<string, unknown>): FieldError[] {
  const names = Object.keys(variables);
  if (names.length === 0) return [{ field: 'variables', code: 'isNotEmpty', message: '至少设置一个变量' }];
  return names.flatMap((name): FieldError[] => {
    const field = `variables.${name}`;
    if (!VARIABLE_NAME.test(name))
      return [{ field, code: 'variableName', message: '变量名只能包含字母、数字和下划线，且不能以数字开头（最长 100 个字符）' }];
    if (PROTECTED_VARIABLES.has(name)) return [{ field, code: 'protectedVariable', message: '单位变量和发起人变量不能在此修改' }];
    return [];
  });
}
