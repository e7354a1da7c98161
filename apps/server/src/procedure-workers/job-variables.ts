/**
 * Reading a job's variables with the checks a diagram cannot make: a missing or malformed
 * input is collected with a Chinese and an English description, and `done()` throws them
 * all at once as a `JobInputError` — the worker fails the job with no retries (an incident
 * an administrator can read), instead of crashing or writing half a record.
 */
import { isOrgUnitId } from '@rp/domain';

export class JobInputError extends Error {
  override readonly name = 'JobInputError';
  constructor(readonly problems: readonly string[]) {
    super(`任务变量有误（invalid job variables）：${problems.join('；')}`);
  }
}

/** A fact of the world the job cannot change by retrying (unknown unit, no committee): an incident too. */
export class JobDataError extends Error {
  override readonly name = 'JobDataError';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MISSING = '缺失（missing）';

type Bag = Readonly<Record<string, unknown>>;

export class JobVariables {
  private readonly problems: string[] = [];

  constructor(private readonly vars: Bag) {}

  has(name: string): boolean {
    return this.vars[name] !== undefined && this.vars[name] !== null;
  }

  raw(name: string): unknown {
    return this.vars[name];
  }

  problem(field: string, message: string): void {
    this.problems.push(`${field} ${message}`);
  }

  /** Throws every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new JobInputError(this.problems);
  }

  string(name: string, maxLength = 10_000): string {
    return checkString(this.vars[name], name, maxLength, this) ?? '';
  }

  optionalString(name: string, maxLength = 10_000): string | null {
    const value = this.vars[name];
    if (value === undefined || value === null || value === '') return null;
    return checkString(value, name, maxLength, this) ?? null;
  }

  unitId(name: string): string {
    const value = this.vars[name];
    if (value === undefined || value === null || value === '') this.problem(name, MISSING);
    else if (!isOrgUnitId(value)) this.problem(name, '不是组织单元编号（not an org unit id）');
    else return value;
    return '';
  }

  optionalUnitId(name: string): string | null {
    const value = this.vars[name];
    return value === undefined || value === null || value === '' ? null : this.unitId(name);
  }

  int(name: string, min: number, max: number): number {
    return checkInt(this.vars[name], name, min, max, this) ?? 0;
  }

  optionalInt(name: string, min: number, max: number): number | null {
    const value = this.vars[name];
    return value === undefined || value === null ? null : (checkInt(value, name, min, max, this) ?? null);
  }

  number(name: string, min: number): number {
    const value = this.vars[name];
    if (value === undefined || value === null) this.problem(name, MISSING);
    else if (typeof value !== 'number' || !Number.isFinite(value)) this.problem(name, '须为数字（must be a number）');
    else if (value < min) this.problem(name, `不能小于${min}（must be at least ${min}）`);
    else return value;
    return 0;
  }

  optionalNumber(name: string, min: number): number | null {
    const value = this.vars[name];
    return value === undefined || value === null ? null : this.number(name, min);
  }

  boolean(name: string): boolean {
    const value = this.vars[name];
    if (value === undefined || value === null) this.problem(name, MISSING);
    else if (typeof value !== 'boolean') this.problem(name, '须为是/否（must be a boolean）');
    else return value;
    return false;
  }

  optionalBoolean(name: string): boolean | null {
    const value = this.vars[name];
    return value === undefined || value === null ? null : this.boolean(name);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.vars[name];
    if (value === undefined || value === null || value === '') this.problem(name, MISSING);
    else if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      this.problem(name, `须为 ${values.join(' / ')} 之一（must be one of ${values.join(', ')}）`);
    else return value as T;
    return values[0];
  }

  /** A calendar date `yyyy-mm-dd` (a date-time is cut to its date). */
  date(name: string): string {
    const value = this.vars[name];
    if (value === undefined || value === null || value === '') this.problem(name, MISSING);
    else if (typeof value !== 'string' || !ISO_DATE.test(value.slice(0, 10)) || Number.isNaN(Date.parse(value.slice(0, 10))))
      this.problem(name, '须为日期 yyyy-mm-dd（must be a date）');
    else return value.slice(0, 10);
    return '1970-01-01';
  }

  optionalDate(name: string): string | null {
    const value = this.vars[name];
    return value === undefined || value === null || value === '' ? null : this.date(name);
  }

  /** A list whose items `item` reads from an `ItemReader`; an empty list is allowed unless `minItems` says otherwise. */
  list<T>(name: string, item: (reader: ItemReader) => T, minItems = 0): T[] {
    const value = this.vars[name];
    if (value === undefined || value === null) {
      this.problem(name, MISSING);
      return [];
    }
    return this.readList(value, name, item, minItems);
  }

  optionalList<T>(name: string, item: (reader: ItemReader) => T): T[] | null {
    const value = this.vars[name];
    return value === undefined || value === null ? null : this.readList(value, name, item, 0);
  }

  private readList<T>(value: unknown, name: string, item: (reader: ItemReader) => T, minItems: number): T[] {
    if (!Array.isArray(value)) {
      this.problem(name, '须为列表（must be a list）');
      return [];
    }
    if (value.length < minItems) this.problem(name, `至少需要${minItems}项（needs at least ${minItems} items）`);
    return value.map((entry: unknown, i) => {
      const at = `${name}[${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        this.problem(at, '须为对象（must be an object）');
        return item(new ItemReader({}, at, this, true));
      }
      return item(new ItemReader(entry as Bag, at, this, false));
    });
  }
}

/** One object in a list variable; problems are reported on the parent with the item's path. */
export class ItemReader {
  constructor(
    private readonly bag: Bag,
    private readonly at: string,
    private readonly parent: JobVariables,
    private readonly silent: boolean,
  ) {}

  /** Every property as it came (extra attributes are kept where the worker passes the item on). */
  get all(): Bag {
    return this.bag;
  }

  private problem(name: string, message: string): void {
    if (!this.silent) this.parent.problem(`${this.at}.${name}`, message);
  }

  string(name: string, maxLength = 1000): string {
    const value = this.bag[name];
    if (typeof value === 'string' && value.trim() !== '' && value.length <= maxLength) return value.trim();
    this.problem(name, value === undefined || value === null || value === '' ? MISSING : '须为文本（must be text）');
    return '';
  }

  optionalString(name: string): string | null {
    const value = this.bag[name];
    if (value === undefined || value === null || value === '') return null;
    return this.string(name);
  }

  int(name: string, min: number, max: number): number {
    const value = this.bag[name];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(name, value === undefined || value === null ? MISSING : `须为${min}至${max}的整数（must be an integer ${min}–${max}）`);
    return 0;
  }

  number(name: string, min: number, max: number): number {
    const value = this.bag[name];
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.problem(name, value === undefined || value === null ? MISSING : `须为${min}至${max}的数字（must be a number ${min}–${max}）`);
    return 0;
  }

  boolean(name: string): boolean {
    const value = this.bag[name];
    if (typeof value === 'boolean') return value;
    this.problem(name, value === undefined || value === null ? MISSING : '须为是/否（must be a boolean）');
    return false;
  }

  optionalBoolean(name: string): boolean | null {
    const value = this.bag[name];
    return value === undefined || value === null ? null : this.boolean(name);
  }

  /** A nested list of objects. */
  list<T>(name: string, item: (reader: ItemReader) => T): T[] {
    const value = this.bag[name];
    if (!Array.isArray(value)) {
      this.problem(name, value === undefined || value === null ? MISSING : '须为列表（must be a list）');
      return [];
    }
    return value.map((entry: unknown, i) => {
      const ok = typeof entry === 'object' && entry !== null && !Array.isArray(entry);
      if (!ok) this.problem(`${name}[${i}]`, '须为对象（must be an object）');
      return item(new ItemReader(ok ? (entry as Bag) : {}, `${this.at}.${name}[${i}]`, this.parent, this.silent || !ok));
    });
  }
}

function checkString(value: unknown, name: string, maxLength: number, into: JobVariables): string | undefined {
  if (value === undefined || value === null || value === '') into.problem(name, MISSING);
  else if (typeof value !== 'string') into.problem(name, '须为文本（must be text）');
  else if (value.trim() === '') into.problem(name, '不能为空（must not be blank）');
  else if (value.length > maxLength) into.problem(name, `长度不能超过${maxLength}（at most ${maxLength} characters）`);
  else return value.trim();
  return undefined;
}

function checkInt(value: unknown, name: string, min: number, max: number, into: JobVariables): number | undefined {
  if (value === undefined || value === null) into.problem(name, MISSING);
  else if (typeof value !== 'number' || !Number.isInteger(value)) into.problem(name, '须为整数（must be an integer）');
  else if (value < min || value > max) into.problem(name, `须在${min}至${max}之间（must be ${min}–${max}）`);
  else return value;
  return undefined;
}
