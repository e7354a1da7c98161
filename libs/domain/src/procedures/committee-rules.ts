/**
 * Owners' committee rules (4.2.3.3, 4.2.3.4): structure proposal, candidate slate and
 * election result. Shares are compared with integer arithmetic: `part * 100 >= pct * whole`.
 */
import { type RuleResult, ruleResult } from './rule-result';

/** 党员比例一般不低于60% (4.2.3.3 a). */
export const DEFAULT_PARTY_SHARE_TARGET_PERCENT = 60;
/** 每届任期不超过5年 (4.2.3.4). */
export const MAX_TERM_YEARS = 5;
/** 由3人以上单数组成 (4.2.3.4). */
export const MIN_SEATS = 3;

export interface CommitteeStructure {
  /** 委员名额. */
  readonly seats: number;
  /** 任期（年）. */
  readonly termYears: number;
  /** 党员比例目标（%）. */
  readonly partyShareTargetPercent: number;
  /** 党员比例低于60%时的说明（"一般不低于"允许有理由的例外）. */
  readonly partyShareReason?: string | null;
}

export function isOddAtLeastThree(count: number): boolean {
  return Number.isInteger(count) && count >= MIN_SEATS && count % 2 === 1;
}

/** Whether `part / whole >= percent / 100`, exactly. */
export function shareAtLeast(part: number, whole: number, percent: number): boolean {
  return whole > 0 && part * 100 >= percent * whole;
}

export function checkCommitteeStructure(s: CommitteeStructure): RuleResult {
  const reasons: string[] = [];
  if (!isOddAtLeastThree(s.seats)) reasons.push(`委员名额须为3人以上单数，当前为${s.seats}人`);
  if (!Number.isInteger(s.termYears) || s.termYears < 1 || s.termYears > MAX_TERM_YEARS)
    reasons.push(`每届任期须为1至${MAX_TERM_YEARS}年，当前为${s.termYears}年`);
  if (s.partyShareTargetPercent < 0 || s.partyShareTargetPercent > 100)
    reasons.push(`党员比例目标须在0%至100%之间，当前为${s.partyShareTargetPercent}%`);
  else if (s.partyShareTargetPercent < DEFAULT_PARTY_SHARE_TARGET_PERCENT && !s.partyShareReason?.trim())
    reasons.push(`党员比例目标低于${DEFAULT_PARTY_SHARE_TARGET_PERCENT}%，须说明理由`);
  return ruleResult(reasons);
}

export interface Candidate {
  readonly name: string;
  /** 是否本物业管理区域业主（以业主名册核对为准）. */
  readonly isOwner: boolean;
  readonly isPartyMember: boolean;
  /** 是否资格审查未通过而被移出. */
  readonly disqualified?: boolean;
}

export interface Slate {
  readonly seats: number;
  readonly partyShareTargetPercent: number;
  readonly candidates: readonly Candidate[];
}

/** 人选建议的规则检查 (4.2.3.3 b, 4.2.3.4): owners only, enough candidates, party share. */
export function checkSlate(slate: Slate): RuleResult {
  const reasons: string[] = [];
  const active = slate.candidates.filter((c) => c.disqualified !== true);
  for (const c of active) if (!c.isOwner) reasons.push(`候选人${c.name}不是本物业管理区域业主`);
  if (active.length < slate.seats) reasons.push(`候选人${active.length}人，少于委员名额${slate.seats}人`);
  const party = active.filter((c) => c.isPartyMember).length;
  if (active.length > 0 && !shareAtLeast(party, active.length, slate.partyShareTargetPercent))
    reasons.push(`候选人中党员${party}人，占${active.length}人的比例低于目标${slate.partyShareTargetPercent}%`);
  return ruleResult(reasons);
}

export interface ElectedMember {
  readonly name: string;
  readonly isOwner: boolean;
  readonly votes: number;
}

export interface ElectionResult {
  readonly members: readonly ElectedMember[];
  /** 有效票数. */
  readonly validBallots: number;
  /** 无效票数. */
  readonly invalidBallots: number;
  /** 收回选票数. */
  readonly ballotsCast: number;
  /** 任期起止（ISO 日期 yyyy-mm-dd）. */
  readonly termStart: string;
  readonly termEnd: string;
  /** 补选：只选空缺名额（seats 人），不要求单数. */
  readonly byElection?: boolean | null;
  readonly seats?: number | null;
}

/** The date `years` after an ISO date (29 Feb → 28 Feb in a common year). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 业主大会选举结果检查 (4.2.3.4): odd ≥ 3 (a by-election: 1 to the vacant seats), all owners,
 * term ≤ 5 years, ballots add up.
 */
export function checkElectionResult(r: ElectionResult): RuleResult {
  const reasons: string[] = [];
  if (r.byElection === true) {
    if (r.members.length < 1 || r.members.length > (r.seats ?? 0))
      reasons.push(`补选当选${r.members.length}人，应为1至${r.seats ?? 0}人（空缺名额）`);
  } else if (!isOddAtLeastThree(r.members.length)) reasons.push(`当选委员须为3人以上单数，当前为${r.members.length}人`);
  for (const m of r.members) if (!m.isOwner) reasons.push(`当选委员${m.name}不是本物业管理区域业主`);
  if (!ISO_DATE.test(r.termStart) || !ISO_DATE.test(r.termEnd)) reasons.push('任期起止日期格式应为yyyy-mm-dd');
  else if (r.termEnd <= r.termStart) reasons.push('任期结束日期须晚于开始日期');
  else if (r.termEnd > addYears(r.termStart, MAX_TERM_YEARS)) reasons.push(`每届任期不得超过${MAX_TERM_YEARS}年`);
  if (r.validBallots + r.invalidBallots !== r.ballotsCast)
    reasons.push(`有效票${r.validBallots}与无效票${r.invalidBallots}之和不等于收回选票${r.ballotsCast}`);
  for (const m of r.members) if (m.votes > r.validBallots) reasons.push(`${m.name}得票${m.votes}超过有效票数${r.validBallots}`);
  return ruleResult(reasons);
}
