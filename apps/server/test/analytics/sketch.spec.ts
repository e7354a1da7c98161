/**
 * The pure parts of the rollups: log histograms (percentiles within the stated relative
 * accuracy of PostgreSQL's percentile_cont, merging, chart buckets) and Beijing periods.
 */
import { nextPeriod, periodStart, splitRange } from '../../src/analytics/periods';
import {
  addHistogram,
  bucketIndex,
  bucketUpperMs,
  countAbove,
  displayBuckets,
  MAX_DISPLAY_BUCKETS,
  percentiles,
  RELATIVE_ACCURACY,
  representative,
  type Histogram,
} from '../../src/analytics/sketch';
import { percentileCont } from './analytics-fixture';

/** mulberry32, seeded: the same values every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const histogramOf = (values: readonly number[]): Histogram => {
  const histogram: Histogram = {};
  for (const value of values) histogram[String(bucketIndex(value))] = (histogram[String(bucketIndex(value))] ?? 0) + 1;
  return histogram;
};

describe('log histograms', () => {
  it('represents every value of a bucket within the relative accuracy', () => {
    const rnd = random(1);
    for (let i = 0; i < 10_000; i += 1) {
      const value = Math.round(Math.exp(rnd() * 25));
      const estimate = representative(bucketIndex(value));
      expect(Math.abs(estimate - value)).toBeLessThanOrEqual(RELATIVE_ACCURACY * value + 1e-9);
    }
    expect(representative(bucketIndex(0))).toBe(0);
  });

  it.each([
    ['log-uniform, 1 ms … 30 days', 5_000, (r: () => number) => Math.round(3_600_000 * Math.exp(r() * 6.5))],
    ['with zeros and tiny values', 777, (r: () => number) => (r() < 0.2 ? 0 : Math.round(r() * 50))],
    ['a handful', 3, (r: () => number) => Math.round(r() * 1e6)],
  ])('reads percentiles like percentile_cont within the accuracy: %s', (_label, n, draw) => {
    const rnd = random(n);
    const values = Array.from({ length: n }, () => draw(rnd));
    const bounds = { min: Math.min(...values), max: Math.max(...values) };
    const ps = [0, 0.01, 0.25, 0.5, 0.9, 0.99, 1];
    const estimates = percentiles(histogramOf(values), ps, bounds);
    for (const [i, p] of ps.entries()) {
      const exact = percentileCont(values, p) as number;
      expect({ p, ok: Math.abs((estimates[i] as number) - exact) <= RELATIVE_ACCURACY * exact + 1e-9 }).toEqual({ p, ok: true });
    }
    expect(estimates[0]).toBe(bounds.min);
    expect(estimates[ps.length - 1]).toBe(bounds.max);
  });

  it('merges by adding counts, so a merged histogram equals the histogram of all values', () => {
    const rnd = random(9);
    const a = Array.from({ length: 300 }, () => Math.round(rnd() * 1e7));
    const b = Array.from({ length: 200 }, () => Math.round(rnd() * 1e5));
    expect(addHistogram(addHistogram({}, histogramOf(a)), histogramOf(b))).toEqual(histogramOf([...a, ...b]));
    // Subtracting what was added leaves nothing behind.
    const negative = Object.fromEntries(Object.entries(histogramOf(b)).map(([k, v]) => [k, -v]));
    expect(addHistogram(histogramOf([...a, ...b]), negative)).toEqual(histogramOf(a));
  });

  it('answers null percentiles for an empty histogram', () => {
    expect(percentiles({}, [0.5, 0.9])).toEqual([null, null]);
  });

  it('draws at most 40 contiguous bars that count every value', () => {
    const rnd = random(3);
    const values = Array.from({ length: 2_000 }, () => (rnd() < 0.05 ? 0 : Math.round(Math.exp(rnd() * 22))));
    const bars = displayBuckets(histogramOf(values));
    expect(bars.length).toBeLessThanOrEqual(MAX_DISPLAY_BUCKETS + 1);
    expect(bars[0]).toEqual({ lowerMs: 0, upperMs: 0, count: values.filter((v) => v === 0).length });
    for (const [i, bar] of bars.entries()) {
      expect(bar.count).toBe(values.filter((v) => v >= bar.lowerMs && v <= bar.upperMs).length);
      if (i > 1) expect(bar.lowerMs).toBe(bars[i - 1].upperMs + 1);
    }
    expect(bars.reduce((sum, bar) => sum + bar.count, 0)).toBe(values.length);
  });
});

describe('Beijing periods', () => {
  const at = (iso: string): Date => new Date(iso);

  it('counts the durations past a bucket, and bounds each bucket from above', () => {
    const values = Array.from({ length: 2000 }, (_, i) => Math.round(Math.exp(i / 150)));
    const histogram = histogramOf(values);
    for (const target of [1, 7, 1000, 65_432, 1_000_000]) {
      const index = bucketIndex(target);
      const inBucket = values.filter((v) => bucketIndex(v) === index);
      // Every value in the target's bucket is ≤ its upper bound; every value past the bucket is longer than the target.
      for (const v of inBucket) expect(v).toBeLessThanOrEqual(bucketUpperMs(index));
      expect(countAbove(histogram, index)).toBe(values.filter((v) => bucketIndex(v) > index).length);
      expect(countAbove(histogram, index) + inBucket.filter((v) => v > target).length).toBe(values.filter((v) => v > target).length);
    }
  });

  it('starts months on the 1st and weeks on Monday, Beijing time', () => {
    expect(periodStart(at('2026-02-28T16:30:00Z'), 'month').toISOString()).toBe('2026-02-28T16:00:00.000Z'); // 1 March 00:30 in Beijing
    expect(periodStart(at('2026-02-28T15:59:59Z'), 'month').toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(periodStart(at('2026-03-08T17:00:00Z'), 'week').toISOString()).toBe('2026-03-08T16:00:00.000Z'); // Monday 9 March
    expect(nextPeriod(at('2026-11-30T16:00:00Z'), 'month').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('starts days at Beijing midnight', () => {
    expect(periodStart(at('2026-03-09T15:59:59Z'), 'day').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(periodStart(at('2026-03-09T16:00:00Z'), 'day').toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(nextPeriod(at('2026-02-28T16:00:00Z'), 'day').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    // A partial month at an edge: whole days from the day rollups, the hours left from the facts.
    expect(splitRange({ from: at('2026-03-10T05:30:00Z'), to: at('2026-03-31T16:00:00Z') }, 'day')).toEqual({
      whole: { fromPeriod: '2026-03-11', toPeriod: '2026-04-01' },
      edges: [{ from: at('2026-03-10T05:30:00Z'), to: at('2026-03-10T16:00:00Z') }],
    });
  });

  it('splits a range into whole periods and partial edges', () => {
    expect(splitRange({}, 'month')).toEqual({ whole: {}, edges: [] });
    expect(splitRange({ from: at('2026-02-28T16:00:00Z'), to: at('2026-04-30T16:00:00Z') }, 'month')).toEqual({
      whole: { fromPeriod: '2026-03-01', toPeriod: '2026-05-01' },
      edges: [],
    });
    expect(splitRange({ from: at('2026-03-10T00:00:00Z'), to: at('2026-05-20T00:00:00Z') }, 'month')).toEqual({
      whole: { fromPeriod: '2026-04-01', toPeriod: '2026-05-01' },
      edges: [
        { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-31T16:00:00Z') },
        { from: at('2026-04-30T16:00:00Z'), to: at('2026-05-20T00:00:00Z') },
      ],
    });
    // Inside one month: all facts.
    const inside = { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-20T00:00:00Z') };
    expect(splitRange(inside, 'month')).toEqual({ whole: null, edges: [inside] });
    // Open-ended on one side.
    expect(splitRange({ from: at('2026-03-10T00:00:00Z') }, 'week')).toEqual({
      whole: { fromPeriod: '2026-03-16' },
      edges: [{ from: at('2026-03-10T00:00:00Z'), to: at('2026-03-15T16:00:00Z') }],
    });
  });
});
