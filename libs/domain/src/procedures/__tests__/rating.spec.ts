import { averageScore, ratingBand } from '../rating';
import { partyOrganisationForm } from '../party-organisation';

describe(ratingBand.name, () => {
  it.each([
    [100, '优秀'],
    [90, '优秀'],
    [89.9, '良好'],
    [80, '良好'],
    [79.9, '一般'],
    [60, '一般'],
    [59.9, '较差'],
    [0, '较差'],
  ] as const)('rates %s as %s', (score, rating) => {
    expect(ratingBand(score)).toBe(rating);
  });
});

describe(averageScore.name, () => {
  it('averages reviewers’ totals to one decimal, and 0 without reviews', () => {
    expect(averageScore([90, 89, 89])).toBe(89.3);
    expect(averageScore([])).toBe(0);
  });
});

describe(partyOrganisationForm.name, () => {
  it('sets up its own organisation with 3 or more formal members', () => {
    expect(partyOrganisationForm(3)).toBe('single');
    expect(partyOrganisationForm(40)).toBe('single');
  });

  it('joins a joint organisation with 1 or 2', () => {
    expect(partyOrganisationForm(1)).toBe('joint');
    expect(partyOrganisationForm(2)).toBe('joint');
  });

  it('gets a party-building instructor with none', () => {
    expect(partyOrganisationForm(0)).toBe('instructor');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => partyOrganisationForm(-1)).toThrow(RangeError);
    expect(() => partyOrganisationForm(1.5)).toThrow(RangeError);
  });
});
