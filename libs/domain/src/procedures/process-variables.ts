/**
 * Variables each procedure expects at instance start from the server rather than from a
 * form: the organisation-unit ancestors of the start form's unit, and who started it.
 * (Form fields, service-task outputs, io mappings and decision results are read from the
 * diagrams, forms and TASK_TYPES themselves.)
 */

export const PROCESS_IDS = [
  'committee-candidate-vetting',
  'major-matter-decision',
  'committee-correction-exit',
  'annual-secretary-review',
  'resident-report',
] as const;

export type ProcessId = (typeof PROCESS_IDS)[number];

/**
 * The start form's organisation-unit field: the server resolves this unit's ancestors into
 * the SERVER_PROVIDED_VARIABLES below and scopes the instance to it.
 */
export const START_UNIT_VARIABLE: Readonly<Record<ProcessId, string>> = {
  'committee-candidate-vetting': 'compoundId',
  'major-matter-decision': 'compoundId',
  'committee-correction-exit': 'compoundId',
  'annual-secretary-review': 'industryPartyId',
  'resident-report': 'compoundId',
};

/** Filled by the server at instance start (ancestors of the start form's unit; the starter). */
export const SERVER_PROVIDED_VARIABLES: Readonly<Record<ProcessId, readonly string[]>> = {
  'committee-candidate-vetting': ['compoundId', 'communityId', 'streetId', 'districtId'],
  'major-matter-decision': ['compoundId', 'communityId', 'streetId', 'districtId', 'proposerId'],
  'committee-correction-exit': ['compoundId', 'communityId', 'streetId', 'districtId'],
  'annual-secretary-review': [],
  // the server adds `startedBy`; the start event maps it to `reporterId`
  'resident-report': ['compoundId', 'communityId', 'streetId', 'districtId', 'startedBy'],
};

/** Supplied by a calling process (call activity input mappings) rather than a form. */
export const CALLER_PROVIDED_VARIABLES: Readonly<Partial<Record<ProcessId, readonly string[]>>> = {
  /** P3 补选: true when members are replaced in a committee that still exists. */
  'committee-candidate-vetting': ['byElection'],
};

/** P1: an objection lodged during the candidates' publicity period (POST /api/candidate-objections). */
export const CANDIDATE_OBJECTION_MESSAGE = 'candidate-objection';

/** Variables a message's payload sets when it is correlated, by message name. */
export const MESSAGE_PAYLOAD_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  /** P1 候选人公示期间业主提出的异议；关联键 compoundId. */
  'candidate-objection': ['objectorName', 'objectionText', 'candidateName', 'objectionId'],
  /** P3 message start from the periodic-report monitor (4.4.3.3); the publisher supplies the unit ids. */
  'committee-report-overdue': ['compoundId', 'communityId', 'streetId', 'districtId', 'findingType', 'findingDescription', 'target'],
};
