/**
 * The owner register (业主名册) as the workers use it: totals for the assembly count and
 * owner status of candidates (4.2.3.4: 候选人须为本物业管理区域业主). Areas are integer
 * hundredths of a square metre, summed with BigInt so the totals are exact.
 */

export interface OwnerRegisterEntry {
  readonly roomNo: string;
  readonly ownerName: string;
  /** 专有部分面积, in hundredths of m². */
  readonly areaHundredths: number;
}

export interface RegisterTotals {
  /** 专有部分总面积 in m² (two decimals at most), as the assembly form shows it. */
  readonly totalArea: number;
  /** 业主总人数: one per 专有部分 (一个专有部分按一人计算). */
  readonly totalOwners: number;
}

export function registerTotals(entries: readonly OwnerRegisterEntry[]): RegisterTotals {
  const sum = entries.reduce((total, e) => total + BigInt(e.areaHundredths), 0n);
  return { totalArea: Number(sum / 100n) + Number(sum % 100n) / 100, totalOwners: entries.length };
}

/** Names and room numbers compare without surrounding or inner whitespace, full-width digits as ASCII. */
export function normaliseRegisterKey(value: string): string {
  return value.replace(/\s+/g, '').replace(/[０-９Ａ-Ｚａ-ｚ－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Whether a person of this name is registered as the owner of this room. */
export function isRegisteredOwner(register: readonly OwnerRegisterEntry[], name: string, roomNo: string): boolean {
  const n = normaliseRegisterKey(name);
  const r = normaliseRegisterKey(roomNo);
  return register.some((e) => normaliseRegisterKey(e.ownerName) === n && normaliseRegisterKey(e.roomNo) === r);
}

/** One candidate as the nomination form writes it (extra attributes are kept as they are). */
export interface NominatedCandidate {
  readonly name: string;
  readonly roomNo: string;
  readonly isOwner?: boolean | null;
  readonly isPartyMember?: boolean | null;
  readonly disqualified?: boolean | null;
  readonly disqualifiedReasons?: readonly string[] | null;
  readonly [attribute: string]: unknown;
}

/** One department's joint-review answer (联审): a pass or fail per candidate. */
export interface DepartmentReview {
  readonly department: string;
  readonly results: readonly {
    readonly name: string;
    readonly roomNo: string;
    readonly passed: boolean;
    readonly reason?: string | null;
  }[];
}

export type VettedCandidate = NominatedCandidate & {
  readonly isOwner: boolean;
  readonly isPartyMember: boolean;
  readonly disqualified: boolean;
  readonly disqualifiedReasons: readonly string[];
};

/**
 * Owner status from the register (what the nominator ticked is replaced), and candidates a
 * department failed marked `disqualified` with the department's reason. A candidate once
 * disqualified stays so (a later check without reviews does not requalify them).
 */
export function vetCandidates(
  candidates: readonly NominatedCandidate[],
  register: readonly OwnerRegisterEntry[],
  reviews: readonly DepartmentReview[] = [],
): VettedCandidate[] {
  return candidates.map((c) => {
    const key = `${normaliseRegisterKey(c.name)}|${normaliseRegisterKey(c.roomNo)}`;
    const failures = reviews.flatMap((review) =>
      review.results
        .filter((r) => !r.passed && `${normaliseRegisterKey(r.name)}|${normaliseRegisterKey(r.roomNo)}` === key)
        .map((r) => `${review.department}：${r.reason?.trim() || '资格审查未通过'}`),
    );
    const earlier = c.disqualifiedReasons ?? [];
    return {
      ...c,
      isOwner: isRegisteredOwner(register, c.name, c.roomNo),
      isPartyMember: c.isPartyMember === true,
      disqualified: c.disqualified === true || failures.length > 0,
      disqualifiedReasons: [...new Set([...earlier, ...failures])],
    };
  });
}
