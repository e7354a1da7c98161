/**
 * Calendar periods of the rollups, in Beijing time (UTC+8 all year: China has no daylight
 * saving): months, weeks starting on Monday, and days. A query's [from, to) splits into whole
 * periods, answered from the rollups, and at most two partial periods at its edges, which
 * split again into whole days (day rollups, kept for the city and its districts) and the
 * partial days left, answered from the facts. Pure functions.
 */

export type Grain = 'month' | 'week' | 'day';

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Start of the Beijing month or week (Monday) containing `at`. */
export function periodStart(at: Date, grain: Grain): Date {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), grain === 'month' ? 1 : local.getUTCDate());
  if (grain === 'day') return new Date(midnight - BEIJING_OFFSET_MS);
  const back = grain === 'week' ? ((local.getUTCDay() + 6) % 7) * DAY_MS : 0;
  return new Date(midnight - back - BEIJING_OFFSET_MS);
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(start: Date, grain: Grain): Date {
  if (grain === 'day') return new Date(start.getTime() + DAY_MS);
  if (grain === 'week') return new Date(start.getTime() + 7 * DAY_MS);
  const local = new Date(start.getTime() + BEIJING_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - BEIJING_OFFSET_MS);
}

/** The Beijing calendar date of `at`, `YYYY-MM-DD` (how rollup periods are stored). */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export interface TimeRange {
  readonly from?: Date;
  readonly to?: Date;
}

export interface SplitRange {
  /** Whole periods: rollup rows with `fromPeriod ≤ period < toPeriod` (Beijing dates; absent = unbounded). Null: none. */
  readonly whole: { readonly fromPeriod?: string; readonly toPeriod?: string } | null;
  /** Partial periods at the edges, read from the facts. */
  readonly edges: readonly TimeRange[];
}

/**
 * Splits [from, to) into whole periods and the partial ones at its edges. A range inside one
 * period is all edge; an unbounded side is all whole periods.
 */
export function splitRange(range: TimeRange, grain: Grain): SplitRange {
  const { from, to } = range;
  const wholeFrom = from === undefined ? undefined : ceilToPeriod(from, grain);
  const wholeTo = to === undefined ? undefined : periodStart(to, grain);
  if (wholeFrom !== undefined && wholeTo !== undefined && wholeFrom.getTime() >= wholeTo.getTime()) {
    return { whole: null, edges: [{ from, to }] };
  }
  const edges: TimeRange[] = [];
  if (from !== undefined && wholeFrom !== undefined && from.getTime() < wholeFrom.getTime()) edges.push({ from, to: wholeFrom });
  if (to !== undefined && wholeTo !== undefined && wholeTo.getTime() < to.getTime()) edges.push({ from: wholeTo, to });
  return {
    whole: {
      ...(wholeFrom ? { fromPeriod: beijingDate(wholeFrom) } : {}),
      ...(wholeTo ? { toPeriod: beijingDate(wholeTo) } : {}),
    },
    edges,
  };
}

function ceilToPeriod(at: Date, grain: Grain): Date {
  const start = periodStart(at, grain);
  return start.getTime() === at.getTime() ? start : nextPeriod(start, grain);
}
