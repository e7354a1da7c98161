/**
 * The forms enforce the standard's rules where officials type: checked with the server's own
 * form-js validation (libs/forms), so a submission the browser would reject is rejected here too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type FormSchema, parseFormSchema, validateSubmission } from '../../libs/forms/src';

import { FORMS_DIR } from './model-files';

function load(formId: string): FormSchema {
  const parsed = parseFormSchema(JSON.parse(readFileSync(join(FORMS_DIR, `${formId}.form`), 'utf8')), formId);
  if (!parsed.ok) throw new Error(`${formId}: ${JSON.stringify(parsed.problems)}`);
  return parsed.form;
}

function failedFields(formId: string, submitted: Record<string, unknown>, context: Record<string, unknown>): string[] {
  const result = validateSubmission(load(formId), submitted, context);
  return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
}

describe('vetting-structure (4.2.3.3 a, 4.2.3.4)', () => {
  const context = { compoundId: 'wf-dongda-1', electionDate: '2026-05-01', seats: 5 };
  const valid = { seats: 5, termYears: 5, partyShareTargetPercent: 60 };

  it('accepts 5 seats, 5 years and a 60% party-member target', () => {
    expect(failedFields('vetting-structure', valid, context)).toEqual([]);
  });

  it.each([4, 2])('rejects %i seats as not odd', (seats) => {
    expect(failedFields('vetting-structure', { ...valid, seats }, context)).toContain('seats:pattern');
  });

  it('rejects 1 seat in an election, accepts it in a by-election', () => {
    expect(failedFields('vetting-structure', { ...valid, seats: 1 }, context)).toEqual(['seats:min']);
    expect(failedFields('vetting-structure', { ...valid, seats: 1 }, { ...context, byElection: true })).toEqual([]);
  });

  it('rejects a term of 6 years', () => {
    expect(failedFields('vetting-structure', { ...valid, termYears: 6 }, context)).toEqual(['termYears:max']);
  });

  it('rejects a party-member target below 60% without a reason, accepts it with one', () => {
    expect(failedFields('vetting-structure', { ...valid, partyShareTargetPercent: 50 }, context)).toEqual([
      'partyShareTargetPercent:min',
      'partyShareReason:required',
    ]);
    expect(
      failedFields('vetting-structure', { ...valid, partyShareTargetPercent: 50, partyShareReason: '新建小区党员业主较少' }, context),
    ).toEqual([]);
  });
});

describe('matter-assembly (民法典 第278条 vote counts)', () => {
  const context = { totalArea: 300, totalOwners: 12, title: '更换电梯', category: 'maintenance-fund' };
  const valid = { meetingDate: '2026-05-01', participatingArea: 200, participatingOwners: 8, approvingArea: 150, approvingOwners: 6 };

  it('accepts counts that fit inside each other', () => {
    expect(failedFields('matter-assembly', valid, context)).toEqual([]);
  });

  it('rejects participation beyond the register and approval beyond participation', () => {
    expect(failedFields('matter-assembly', { ...valid, participatingOwners: 13, approvingArea: 201 }, context)).toEqual([
      'participatingOwners:max',
      'approvingArea:max',
    ]);
  });
});

describe('vetting-election (4.2.3.4)', () => {
  it('derives invalid ballots and the term end (start + term years) on submission', () => {
    // given three prefilled candidates and a 5-year term
    const rows = ['甲', '乙', '丙'].map((name, i) => ({ name, roomNo: `${i + 1}-101` }));
    const context = { seats: 3, termYears: 5, electionResults: rows, termStart: '2026-05-01' };
    // when the result is submitted with votes for each of them
    const electionResults = rows.map((row) => ({ ...row, votes: 90, elected: true }));
    const result = validateSubmission(
      load('vetting-election'),
      { ballotsCast: 100, validBallots: 96, electionResults, termStart: '2026-05-01' },
      context,
    );
    // then the derived values are part of it
    expect(result).toMatchObject({ ok: true, variables: { invalidBallots: 4, termEnd: '2031-05-01' } });
  });

  it('does not let candidates be added to or removed from the prefilled list', () => {
    const context = { seats: 3, termYears: 5, electionResults: [{ name: '甲', roomNo: '1-101' }], termStart: '2026-05-01' };
    expect(
      failedFields('vetting-election', { ballotsCast: 1, validBallots: 1, electionResults: [], termStart: '2026-05-01' }, context),
    ).toEqual(['electionResults:list_length']);
  });

  it('rejects more valid ballots than ballots cast', () => {
    const context = { seats: 3, termYears: 5, electionResults: [], termStart: '2026-05-01' };
    expect(
      failedFields('vetting-election', { ballotsCast: 100, validBallots: 101, electionResults: [], termStart: '2026-05-01' }, context),
    ).toEqual(['validBallots:max']);
  });
});

describe('report-rate (4.7.1 群众评单)', () => {
  it('requires a comment when the resident is unsatisfied, not otherwise', () => {
    expect(failedFields('report-rate', { satisfaction: 'unsatisfied', ratingScore: 2 }, {})).toEqual(['ratingComment:required']);
    expect(failedFields('report-rate', { satisfaction: 'satisfied', ratingScore: 5 }, {})).toEqual([]);
  });

  it('keeps the score between 1 and 5', () => {
    expect(failedFields('report-rate', { satisfaction: 'satisfied', ratingScore: 6 }, {})).toEqual(['ratingScore:max']);
  });
});

describe('review-score (5.3.2)', () => {
  it('derives the total of the three criteria and caps each', () => {
    const form = load('review-score');
    const result = validateSubmission(form, { scorePartyWork: 38, scoreService: 27, scoreSocial: 26 }, { reviewYear: 2025 });
    expect(result).toMatchObject({ ok: true, variables: { totalScore: 91 } });
    expect(failedFields('review-score', { scorePartyWork: 41, scoreService: 27, scoreSocial: 26 }, {})).toEqual(['scorePartyWork:max']);
  });
});
