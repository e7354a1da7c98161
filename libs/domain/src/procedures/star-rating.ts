/**
 * 红色物业示范项目动态化星级管理 (4.7.3.1), fed by the annual 述职评议 (4.3.3): each year's
 * rating moves the project's stars. The standard names no scale; these are *defaults*:
 * 1–5 stars, a first rating starts from 3, 优秀 +1, 良好 ±0, 一般 −1, 较差 −2.
 */
import type { Rating } from './rating';

export const MIN_STARS = 1;
export const MAX_STARS = 5;
export const INITIAL_STARS = 3;

export const STAR_DELTA: Readonly<Record<Rating, number>> = { 优秀: 1, 良好: 0, 一般: -1, 较差: -2 };

export function nextStars(previous: number | null, rating: Rating): number {
  const start = previous ?? INITIAL_STARS;
  return Math.min(MAX_STARS, Math.max(MIN_STARS, start + STAR_DELTA[rating]));
}
