/**
 * The organisation variables the server adds to every instance it starts: `orgUnitId` and,
 * for the unit and each ancestor, `<level>Id` (cityId, districtId, streetId, communityId,
 * compoundId, gridId) — what the diagrams' candidate groups (`"community-party:" + communityId`) read.
 */
import type { OrgLevel } from '@rp/domain';

export const LEVEL_VARIABLES: Readonly<Record<OrgLevel, string>> = {
  city: 'cityId',
  district: 'districtId',
  street: 'streetId',
  community: 'communityId',
  compound: 'compoundId',
  grid: 'gridId',
};

/** Unit variables in data, deepest level first: the one that names where a procedure runs. */
export const UNIT_VARIABLES_DEEPEST_FIRST = [
  'orgUnitId',
  'compoundId',
  'gridId',
  'communityId',
  'streetId',
  'districtId',
  'cityId',
] as const;

export function orgVariables(chain: readonly { readonly id: string; readonly level: OrgLevel }[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const unit of chain) variables[LEVEL_VARIABLES[unit.level]] = unit.id;
  const own = chain[chain.length - 1];
  if (own) variables['orgUnitId'] = own.id;
  return variables;
}
