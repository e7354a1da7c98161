/** How a property company sets up its party organisation (4.2.2.1). */

export const PARTY_ORGANISATION_FORMS = ['single', 'joint', 'instructor'] as const;
export type PartyOrganisationForm = (typeof PARTY_ORGANISATION_FORMS)[number];

export const PARTY_ORGANISATION_FORM_NAMES: Readonly<Record<PartyOrganisationForm, string>> = {
  single: '单独建立党组织',
  joint: '联合组建（行业统建、社区联建）',
  instructor: '选派党建工作指导员',
};

/** ≥ 3 formal members → own; 1–2 → joint; 0 → an instructor is dispatched. */
export function partyOrganisationForm(formalPartyMembers: number): PartyOrganisationForm {
  if (!Number.isInteger(formalPartyMembers) || formalPartyMembers < 0)
    throw new RangeError(`formalPartyMembers must be a non-negative integer, got ${formalPartyMembers}`);
  if (formalPartyMembers >= 3) return 'single';
  if (formalPartyMembers >= 1) return 'joint';
  return 'instructor';
}
