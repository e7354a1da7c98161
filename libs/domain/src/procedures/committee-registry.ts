/**
 * The owners' committee registry (业主委员会备案): who is elected from the recorded result,
 * and what removing a member or dissolving the committee leaves vacant (P3 退出, 4.4.3.4).
 */
import { type RuleResult, ruleResult } from './rule-result';

export interface ElectionRow {
  readonly name: string;
  readonly roomNo: string;
  readonly votes: number;
  readonly elected: boolean;
  readonly isPartyMember?: boolean | null;
}

export function electedMembers<T extends ElectionRow>(rows: readonly T[]): T[] {
  return rows.filter((row) => row.elected);
}

export type DeregistrationTarget = 'committee' | 'member';

export interface Deregistration {
  /** Names of the members who leave. */
  readonly leaving: readonly string[];
  readonly committeeDissolved: boolean;
  /** Seats the by-election fills. */
  readonly vacantSeats: number;
}

/**
 * A member's exit leaves the seats of every member no longer serving vacant; dissolving the
 * committee frees them all. The member must be serving (names compare without whitespace).
 */
export function deregistration(
  committee: { readonly seats: number; readonly activeMembers: readonly string[] },
  target: DeregistrationTarget,
  memberName: string | null,
): RuleResult & { readonly result?: Deregistration } {
  if (target === 'committee') {
    return { ...ruleResult([]), result: { leaving: [...committee.activeMembers], committeeDissolved: true, vacantSeats: committee.seats } };
  }
  const wanted = (memberName ?? '').replace(/\s+/g, '');
  const leaving = committee.activeMembers.filter((name) => name.replace(/\s+/g, '') === wanted);
  if (wanted === '' || leaving.length === 0) return ruleResult([`业主委员会现任委员中没有${memberName ?? '（未填写姓名）'}`]);
  const remaining = committee.activeMembers.length - leaving.length;
  return { ...ruleResult([]), result: { leaving, committeeDissolved: false, vacantSeats: Math.max(1, committee.seats - remaining) } };
}
