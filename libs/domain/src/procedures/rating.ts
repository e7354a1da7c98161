/** Annual 述职评议 rating bands (4.3.3; default ≥ 90 / ≥ 80 / ≥ 60 / below). */

export const RATINGS = ['优秀', '良好', '一般', '较差'] as const;
export type Rating = (typeof RATINGS)[number];

export const RATING_BANDS: readonly { readonly min: number; readonly rating: Rating }[] = [
  { min: 90, rating: '优秀' },
  { min: 80, rating: '良好' },
  { min: 60, rating: '一般' },
];

export function ratingBand(score: number): Rating {
  return RATING_BANDS.find((band) => score >= band.min)?.rating ?? '较差';
}

/** Mean of reviewers' totals, rounded to one decimal (what the rating is computed from). */
export function averageScore(totals: readonly number[]): number {
  if (totals.length === 0) return 0;
  return Math.round((totals.reduce((a, b) => a + b, 0) * 10) / totals.length) / 10;
}
