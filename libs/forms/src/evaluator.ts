// FEEL over one submission's form data, with the costs bounded. feelin deep-copies its
// context on every evaluation, so a condition on every item of a long list that reads the
// whole list is quadratic: results that do not depend on the item (`this`, `parent`, `i`)
// are memoised until the data changes, and the rest is charged to a budget of copied values.
import type { JsonObject } from './data';
import { getPath, isPlainObject } from './data';
import { isFeelExpression, referencedNames, toJsonValue, type FeelKind } from './feel';
import { evaluate, unaryTest } from 'feelin';
import type { Scope } from './tree';

const SCOPED = new Set(['this', '_this_', 'parent', '_parent_', 'i', '_i_']);

/** Thrown when a submission would need more FEEL work than the budget allows. */
export class FeelBudgetExceeded extends Error {
  constructor() {
    super('FEEL evaluation budget exceeded');
  }
}

export class FeelEvaluator {
  private readonly memo = new Map<string, unknown>();
  private readonly sizes = new Map<string, number>();
  private spent = 0;

  constructor(
    private readonly data: JsonObject,
    private readonly budget: number,
  ) {}

  /** Call after every change to the data. */
  invalidate(): void {
    this.memo.clear();
    this.sizes.clear();
  }

  /** form-js runExpressionEvaluation; `raw` keeps FEEL values (functions, dates) as they are. */
  evaluate(expression: unknown, scope: Scope, raw = false): unknown {
    if (!isFeelExpression(expression)) return expression;
    const value = this.run(expression, 'expression', scope);
    return raw ? value : toJsonValue(value);
  }

  /** form-js' unary tests (`conditional.hide`, FEEL `readonly`): only `true` holds. */
  test(expression: string, scope: Scope): boolean {
    return this.run(expression, 'unaryTest', scope) === true;
  }

  private run(expression: string, kind: FeelKind, scope: Scope): unknown {
    const names = referencedNames(expression, kind);
    const scoped = names.some((name) => SCOPED.has(name));
    const key = `${kind}:${expression}`;
    if (!scoped && this.memo.has(key)) return this.memo.get(key);
    const context: Record<string, unknown> = {};
    let cost = 1;
    for (const name of names) {
      let value: unknown;
      switch (name) {
        case 'this':
        case '_this_':
          value = scope.thisPath === null ? this.data : getPath(this.data, scope.thisPath);
          cost += this.sizeOf(value);
          break;
        case 'parent':
        case '_parent_':
          value = scope.parentPath === null ? null : getPath(this.data, scope.parentPath);
          cost += this.sizeOf(value);
          break;
        case 'i':
        case '_i_':
          value = scope.indexes;
          break;
        default:
          if (!Object.hasOwn(this.data, name)) continue;
          value = this.data[name];
          cost += this.rootSize(name);
      }
      context[name] = value ?? null;
    }
    this.spent += cost;
    if (this.spent > this.budget) throw new FeelBudgetExceeded();
    let result: unknown = null;
    try {
      const source = expression.slice(1);
      result = kind === 'unaryTest' ? unaryTest(source, context).value : evaluate(source, context).value;
    } catch {
      result = null; // form-js FeelExpressionLanguage: errors evaluate to null
    }
    if (!scoped) this.memo.set(key, result);
    return result;
  }

  private rootSize(name: string): number {
    let size = this.sizes.get(name);
    if (size === undefined) {
      size = this.sizeOf(this.data[name]);
      this.sizes.set(name, size);
    }
    return size;
  }

  /** Values feelin will copy, counted up to what is left of the budget. */
  private sizeOf(value: unknown): number {
    const limit = this.budget - this.spent + 1;
    let count = 0;
    const stack: unknown[] = [value];
    while (stack.length > 0 && count <= limit) {
      const item = stack.pop();
      count += 1;
      if (Array.isArray(item)) stack.push(...(item as unknown[]));
      else if (isPlainObject(item)) stack.push(...Object.values(item));
    }
    return count;
  }
}
