/**
 * Owners' assembly thresholds (民法典 第278条, DOMAIN.md P2 step 4), exactly: areas are
 * compared in integer hundredths of a square metre with BigInt, so 2/3 and 3/4 hold at the edge.
 */
import { type RuleResult, ruleResult } from './rule-result';

export const MATTER_CATEGORIES = ['maintenance-fund', 'rebuild', 'common-parts', 'property-service', 'other'] as const;
export type MatterCategory = (typeof MATTER_CATEGORIES)[number];

export const MATTER_CATEGORY_NAMES: Readonly<Record<MatterCategory, string>> = {
  'maintenance-fund': '维修资金筹集和使用',
  rebuild: '改建、重建建筑物及其附属设施',
  'common-parts': '改变共有部分用途或利用共有部分经营',
  'property-service': '选聘、解聘物业服务企业',
  other: '其他事项',
};

/** 第278条第二款 (六)(七)(八): need 3/4 of participating area and participants. */
export const SPECIAL_MATTERS: readonly MatterCategory[] = ['maintenance-fund', 'rebuild', 'common-parts'];

export interface AssemblyVote {
  readonly category: MatterCategory;
  /** 专有部分总面积（m²，至多两位小数）与业主总人数. */
  readonly totalArea: number;
  readonly totalOwners: number;
  /** 参与表决. */
  readonly participatingArea: number;
  readonly participatingOwners: number;
  /** 同意. */
  readonly approvingArea: number;
  readonly approvingOwners: number;
}

export interface AssemblyOutcome {
  readonly passed: boolean;
  readonly reason: string;
}

/** m² with up to two decimals → integer hundredths. */
export function hundredths(area: number): bigint {
  return BigInt(Math.round(area * 100));
}

/** part / whole >= num / den, exactly (areas in hundredths, counts as integers). */
export function atLeast(part: bigint, whole: bigint, num: bigint, den: bigint): boolean {
  return part * den >= whole * num;
}

/** part / whole > num / den, exactly. */
export function moreThan(part: bigint, whole: bigint, num: bigint, den: bigint): boolean {
  return part * den > whole * num;
}

/** Vote counts that cannot be right: participating beyond total, approving beyond participating. */
export function checkAssemblyCounts(v: AssemblyVote): RuleResult {
  const reasons: string[] = [];
  if (v.totalArea <= 0 || v.totalOwners <= 0) reasons.push('专有部分总面积和业主总人数须大于0');
  if (v.participatingArea > v.totalArea) reasons.push('参与表决面积超过专有部分总面积');
  if (v.participatingOwners > v.totalOwners) reasons.push('参与表决人数超过业主总人数');
  if (v.approvingArea > v.participatingArea) reasons.push('同意面积超过参与表决面积');
  if (v.approvingOwners > v.participatingOwners) reasons.push('同意人数超过参与表决人数');
  return ruleResult(reasons);
}

export function isSpecialMatter(category: MatterCategory): boolean {
  return SPECIAL_MATTERS.includes(category);
}

/** 业主大会决议是否通过（民法典 第278条）. */
export function assemblyOutcome(v: AssemblyVote): AssemblyOutcome {
  const total = hundredths(v.totalArea);
  const part = hundredths(v.participatingArea);
  const yes = hundredths(v.approvingArea);
  const owners = BigInt(v.totalOwners);
  const partOwners = BigInt(v.participatingOwners);
  const yesOwners = BigInt(v.approvingOwners);
  if (!atLeast(part, total, 2n, 3n)) return { passed: false, reason: '参与表决专有部分面积不足三分之二' };
  if (!atLeast(partOwners, owners, 2n, 3n)) return { passed: false, reason: '参与表决人数不足三分之二' };
  if (isSpecialMatter(v.category)) {
    if (!atLeast(yes, part, 3n, 4n)) return { passed: false, reason: '同意的专有部分面积未达参与表决面积四分之三' };
    if (!atLeast(yesOwners, partOwners, 3n, 4n)) return { passed: false, reason: '同意人数未达参与表决人数四分之三' };
    return { passed: true, reason: '经参与表决面积和人数四分之三以上同意，决议通过' };
  }
  if (!moreThan(yes, part, 1n, 2n)) return { passed: false, reason: '同意的专有部分面积未过参与表决面积半数' };
  if (!moreThan(yesOwners, partOwners, 1n, 2n)) return { passed: false, reason: '同意人数未过参与表决人数半数' };
  return { passed: true, reason: '经参与表决面积和人数过半数同意，决议通过' };
}
