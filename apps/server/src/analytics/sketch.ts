/**
 * Duration histograms with logarithmic buckets (the DDSketch idea): bucket i holds the
 * durations d with γ^(i−1) < d ≤ γ^i, so any value in a bucket is within a relative error
 * α = (γ − 1)/(γ + 1) of the bucket's representative 2γ^i/(γ + 1). Histograms are sparse
 * (bucket index → count), add by key, and therefore merge across units, months and versions,
 * which exact percentiles cannot. Zero durations get their own bucket (−1).
 *
 * Pure functions: the loader computes bucket indexes in SQL with `bucketIndexSql`, the
 * repository merges histograms and reads percentiles here.
 */

/** Relative accuracy of every percentile read from a histogram: 1 %. */
export const RELATIVE_ACCURACY = 0.01;
export const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);
/** The bucket of 0 ms (durations are whole milliseconds, so nothing lies between 0 and 1). */
export const ZERO_BUCKET = -1;

/** Bucket index → count. Keys are decimal strings, as PostgreSQL's jsonb objects hold them. */
export type Histogram = Record<string, number>;

/** The bucket index of a duration (ms), as SQL, for an expression that yields bigint milliseconds. */
export function bucketIndexSql(ms: string): string {
  return `CASE WHEN ${ms} < 1 THEN ${ZERO_BUCKET} ELSE ceil(ln((${ms})::float8) / ${LN_GAMMA.toPrecision(17)})::int END`;
}

/** The same index in TypeScript (tests, and the bounds of display buckets). */
export function bucketIndex(ms: number): number {
  return ms < 1 ? ZERO_BUCKET : Math.ceil(Math.log(ms) / LN_GAMMA);
}

/** The value standing for every duration in bucket `index` (within RELATIVE_ACCURACY of each). */
export function representative(index: number): number {
  return index === ZERO_BUCKET ? 0 : (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

/**
 * A whole millisecond at or above every duration in bucket `index` (γ^index, rounded up with
 * room for floating-point error): with the exact bucket expression it bounds an index range.
 */
export function bucketUpperMs(index: number): number {
  return index === ZERO_BUCKET ? 0 : Math.floor(Math.pow(GAMMA, index)) + 1;
}

/** How many durations lie in buckets after `index` — every one of them longer than any duration in bucket `index`. */
export function countAbove(histogram: Histogram, index: number): number {
  let count = 0;
  for (const [key, n] of Object.entries(histogram)) if (Number(key) > index) count += Number(n);
  return count;
}

/** Adds `source` into `target` (in place) and drops buckets that reach zero. */
export function addHistogram(target: Histogram, source: Histogram | null | undefined): Histogram {
  if (!source) return target;
  for (const [key, count] of Object.entries(source)) {
    const sum = (target[key] ?? 0) + Number(count);
    if (sum === 0) delete target[key];
    else target[key] = sum;
  }
  return target;
}

/** The histogram as (index, count) pairs, smallest durations first. */
function sortedBuckets(histogram: Histogram): [number, number][] {
  return Object.entries(histogram)
    .map(([key, count]): [number, number] => [Number(key), Number(count)])
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Percentiles the way PostgreSQL's percentile_cont defines them — rank r = p·(n − 1), linear
 * interpolation between the values at ⌊r⌋ and ⌈r⌉ — with each of those two values read from
 * its bucket's representative and clamped into [min, max]. Both lie within
 * RELATIVE_ACCURACY of the exact values, so their interpolation does too.
 */
export function percentiles(
  histogram: Histogram,
  ps: readonly number[],
  bounds: { readonly min: number | null; readonly max: number | null } = { min: null, max: null },
): (number | null)[] {
  const buckets = sortedBuckets(histogram);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return ps.map(() => null);
  const clamp = (value: number): number =>
    Math.min(bounds.max ?? Number.POSITIVE_INFINITY, Math.max(bounds.min ?? Number.NEGATIVE_INFINITY, value));
  /** The value at 0-based rank `rank` of the sorted durations. */
  const valueAt = (rank: number): number => {
    if (rank === 0 && bounds.min !== null) return bounds.min;
    if (rank === n - 1 && bounds.max !== null) return bounds.max;
    let seen = 0;
    for (const [index, count] of buckets) {
      seen += count;
      if (rank < seen) return clamp(representative(index));
    }
    return clamp(representative(buckets[buckets.length - 1][0]));
  };
  return ps.map((p) => {
    const rank = p * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const low = valueAt(lo);
    return lo === hi ? low : low + (valueAt(hi) - low) * (rank - lo);
  });
}

export interface DisplayBucket {
  /** Smallest whole millisecond in the bucket (inclusive). */
  readonly lowerMs: number;
  /** Largest whole millisecond in the bucket (inclusive). */
  readonly upperMs: number;
  readonly count: number;
}

/** At most this many bars in a histogram answer: a chart, not the 1 % buckets. */
export const MAX_DISPLAY_BUCKETS = 40;

/**
 * The histogram for a chart: contiguous bars from the shortest to the longest non-empty
 * bucket, each joining `width` consecutive log buckets (the fewest that keep the bars at
 * MAX_DISPLAY_BUCKETS or fewer), so every bar spans the same ratio. Zero durations, if any,
 * are a first bar [0, 0]. Bounds are whole milliseconds, both inclusive.
 */
export function displayBuckets(histogram: Histogram): DisplayBucket[] {
  const buckets = sortedBuckets(histogram);
  const bars: DisplayBucket[] = [];
  const zero = buckets.find(([index]) => index === ZERO_BUCKET);
  if (zero) bars.push({ lowerMs: 0, upperMs: 0, count: zero[1] });
  const positive = buckets.filter(([index]) => index !== ZERO_BUCKET);
  if (positive.length === 0) return bars;
  const first = positive[0][0];
  const last = positive[positive.length - 1][0];
  const width = Math.max(1, Math.ceil((last - first + 1) / MAX_DISPLAY_BUCKETS));
  const counts = new Map(positive);
  for (let lo = first; lo <= last; lo += width) {
    const hi = Math.min(last, lo + width - 1);
    let count = 0;
    for (let index = lo; index <= hi; index += 1) count += counts.get(index) ?? 0;
    // Bucket i holds the whole milliseconds d with γ^(i−1) < d ≤ γ^i; below ~50 ms some hold none (and count 0).
    const lowerMs = Math.floor(Math.pow(GAMMA, lo - 1)) + 1;
    const upperMs = Math.floor(Math.pow(GAMMA, hi));
    if (lowerMs <= upperMs) bars.push({ lowerMs, upperMs, count });
  }
  return bars;
}
