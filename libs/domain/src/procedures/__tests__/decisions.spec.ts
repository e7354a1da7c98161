import {
  MATTER_CATEGORIES,
  type AssemblyVote,
  assemblyOutcome,
  partyOrganisationForm,
  PARTY_ORGANISATION_FORM_NAMES,
  ratingBand,
} from '../index';

import { type DecisionTable, evaluateDecision, loadDecisionTable } from './dmn-table';

/** The DMN tables in processes/ must decide exactly as the rule functions, at every edge. */
describe('decision tables agree with the rule functions', () => {
  let assembly: DecisionTable;
  let rating: DecisionTable;
  let partyForm: DecisionTable;

  beforeAll(async () => {
    assembly = await loadDecisionTable('assembly-resolution.dmn');
    rating = await loadDecisionTable('annual-rating.dmn');
    partyForm = await loadDecisionTable('party-organisation-form.dmn');
  });

  it('annual-rating gives the band of ratingBand on both sides of 60, 80, 90', () => {
    for (const score of [0, 59, 59.9, 60, 60.1, 79.9, 80, 80.1, 89.9, 90, 90.1, 100]) {
      // given an average score, when the table and the function decide, then they agree
      expect({ score, rating: evaluateDecision(rating, { averageScore: score }) }).toEqual({ score, rating: ratingBand(score) });
    }
  });

  it('party-organisation-form gives the form of partyOrganisationForm for 0 to 10 members', () => {
    for (let n = 0; n <= 10; n++) {
      const form = partyOrganisationForm(n);
      expect(evaluateDecision(partyForm, { formalPartyMembers: n })).toEqual({
        form,
        formName: PARTY_ORGANISATION_FORM_NAMES[form],
      });
    }
  });

  it('assembly-resolution decides as assemblyOutcome at the 2/3, 3/4 and 1/2 edges, for every category', () => {
    // given 300 m² / 12 owners in total, participation and approval just below, at and above each edge
    const participations: [number, number][] = [
      [199, 8], // area below 2/3
      [200, 7], // owners below 2/3
      [200, 8], // exactly 2/3 of both
      [300, 12],
    ];
    const approvals = (area: number, owners: number): [number, number][] => {
      const out: [number, number][] = [];
      for (const [a, o] of [
        [Math.ceil((area * 3) / 4) - 1, Math.ceil((owners * 3) / 4)],
        [Math.ceil((area * 3) / 4), Math.ceil((owners * 3) / 4) - 1],
        [Math.ceil((area * 3) / 4), Math.ceil((owners * 3) / 4)],
        [area / 2, Math.floor(owners / 2) + 1],
        [area / 2 + 1, Math.floor(owners / 2)],
        [area / 2 + 1, Math.floor(owners / 2) + 1],
        [area, owners],
        [0, 0],
      ])
        out.push([a, o]);
      return out;
    };
    for (const category of MATTER_CATEGORIES) {
      for (const [participatingArea, participatingOwners] of participations) {
        for (const [approvingArea, approvingOwners] of approvals(participatingArea, participatingOwners)) {
          const vote: AssemblyVote = {
            category,
            totalArea: 300,
            totalOwners: 12,
            participatingArea,
            participatingOwners,
            approvingArea,
            approvingOwners,
          };
          expect({ vote, result: evaluateDecision(assembly, { ...vote }) }).toEqual({ vote, result: assemblyOutcome(vote) });
        }
      }
    }
  });
});
