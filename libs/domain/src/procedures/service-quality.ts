/**
 * The service-quality ledger of 三单一访 (7.1.2): which satisfied reports the compound
 * party branch visits anyway. Sampling is a hash of the process instance, not a random
 * draw, so a retried job samples the same way and the share is stable over many reports.
 */

/** *default*: share of satisfied reports followed up (支部回访抽样). */
export const DEFAULT_FOLLOW_UP_SAMPLE_PERCENT = 10;

/** FNV-1a over the UTF-16 code units, as an unsigned 32-bit integer. */
export function stableHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Whether a report is sampled for a follow-up visit. Unsatisfied reports are always visited
 * (the gateway checks satisfaction itself), so they are never "sampled".
 */
export function followUpSampled(
  satisfaction: 'satisfied' | 'unsatisfied',
  sampleKey: string,
  percent = DEFAULT_FOLLOW_UP_SAMPLE_PERCENT,
): boolean {
  if (satisfaction !== 'satisfied') return false;
  return stableHash(sampleKey) % 100 < percent;
}
