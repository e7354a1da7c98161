/**
 * 年度述职评议 (4.3.3): who reports and who reviews whom. Secretaries are the property
 * companies' party-branch secretaries under an industry party committee; every reviewer of
 * that committee scores every one of its secretaries.
 */

export interface Secretary {
  readonly secretaryId: string;
  readonly name: string;
  readonly companyName: string;
  readonly orgUnitId: string;
  readonly industryPartyId: string;
}

export interface ReviewAssignment {
  readonly secretaryId: string;
  readonly reviewerId: string;
  readonly industryPartyId: string;
}

/**
 * Account display names read `<organisation> <person>` ("安泰物业 陈经理"); without a space
 * the whole name is the person and the company falls back to the unit's name.
 */
export function splitDisplayName(displayName: string, fallbackCompany: string): { name: string; companyName: string } {
  const trimmed = displayName.trim();
  const space = trimmed.search(/\s/);
  if (space <= 0) return { name: trimmed, companyName: fallbackCompany };
  return { companyName: trimmed.slice(0, space), name: trimmed.slice(space).trim() };
}

export function reviewAssignments(
  secretaries: readonly Secretary[],
  reviewers: readonly { readonly reviewerId: string; readonly industryPartyId: string }[],
): ReviewAssignment[] {
  return secretaries.flatMap((s) =>
    reviewers
      .filter((r) => r.industryPartyId === s.industryPartyId && r.reviewerId !== s.secretaryId)
      .map((r) => ({ secretaryId: s.secretaryId, reviewerId: r.reviewerId, industryPartyId: s.industryPartyId })),
  );
}
