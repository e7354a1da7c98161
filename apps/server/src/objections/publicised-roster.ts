/** The roster of a candidates notice, read back from its text (composeNotice writes “1. 刘芳（1-102），中共党员”). */
import { publicisedCandidateNames } from '@rp/domain';

export interface PublicisedCandidate {
  readonly name: string;
  readonly roomNo: string | null;
  readonly note: string;
}

const ROSTER_LINE = /^\d+\. ([^（，\n]+)(?:（([^）\n]*)）)?(?:，([^\n]*))?$/gm;

export function publicisedRoster(body: string): PublicisedCandidate[] {
  const rows = [...body.matchAll(ROSTER_LINE)].map((m) => ({
    name: (m[1] ?? '').trim(),
    roomNo: m[2]?.trim() || null,
    note: (m[3] ?? '').trim(),
  }));
  // The names must be exactly those an objection is checked against.
  const names = publicisedCandidateNames(body);
  return rows.filter((row) => names.includes(row.name));
}
