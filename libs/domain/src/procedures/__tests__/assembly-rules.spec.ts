import { type AssemblyVote, assemblyOutcome, atLeast, checkAssemblyCounts, hundredths, moreThan } from '../assembly-rules';

const base: AssemblyVote = {
  category: 'other',
  totalArea: 30000,
  totalOwners: 300,
  participatingArea: 20000,
  participatingOwners: 200,
  approvingArea: 10000.01,
  approvingOwners: 101,
};

describe(assemblyOutcome.name, () => {
  describe('participation (≥ 2/3 of area and of owners)', () => {
    it('passes at exactly 2/3 of both', () => {
      expect(assemblyOutcome(base).passed).toBe(true);
    });

    it('fails 0.01 m² below 2/3 of the area', () => {
      expect(assemblyOutcome({ ...base, participatingArea: 19999.99, approvingArea: 10000 })).toEqual({
        passed: false,
        reason: '参与表决专有部分面积不足三分之二',
      });
    });

    it('fails one owner below 2/3 of the owners', () => {
      expect(assemblyOutcome({ ...base, participatingOwners: 199, approvingOwners: 100 }).reason).toBe('参与表决人数不足三分之二');
    });

    it('is exact where floats are not: 2/3 of 0.03 m² is 0.02 m²', () => {
      expect(assemblyOutcome({ ...base, totalArea: 0.03, participatingArea: 0.02, approvingArea: 0.02 }).passed).toBe(true);
    });
  });

  describe('ordinary matters (more than half of participating area and owners)', () => {
    it('fails at exactly half the area', () => {
      expect(assemblyOutcome({ ...base, approvingArea: 10000 }).reason).toBe('同意的专有部分面积未过参与表决面积半数');
    });

    it('fails at exactly half the owners', () => {
      expect(assemblyOutcome({ ...base, approvingOwners: 100 }).reason).toBe('同意人数未过参与表决人数半数');
    });

    it('passes just above half of both', () => {
      expect(assemblyOutcome({ ...base, category: 'property-service' })).toEqual({
        passed: true,
        reason: '经参与表决面积和人数过半数同意，决议通过',
      });
    });
  });

  describe.each(['maintenance-fund', 'rebuild', 'common-parts'] as const)('special matter %s (≥ 3/4)', (category) => {
    const special = { ...base, category, approvingArea: 15000, approvingOwners: 150 };

    it('passes at exactly 3/4 of both', () => {
      expect(assemblyOutcome(special).passed).toBe(true);
    });

    it('fails 0.01 m² below 3/4 of the area', () => {
      expect(assemblyOutcome({ ...special, approvingArea: 14999.99 }).reason).toBe('同意的专有部分面积未达参与表决面积四分之三');
    });

    it('fails one owner below 3/4 of the participants', () => {
      expect(assemblyOutcome({ ...special, approvingOwners: 149 }).reason).toBe('同意人数未达参与表决人数四分之三');
    });

    it('fails with a mere majority', () => {
      expect(assemblyOutcome({ ...special, approvingArea: 10001, approvingOwners: 101 }).passed).toBe(false);
    });
  });
});

describe(checkAssemblyCounts.name, () => {
  it('accepts counts that fit inside each other', () => {
    expect(checkAssemblyCounts(base)).toEqual({ ok: true, reasons: [] });
  });

  it('names every count that does not fit', () => {
    expect(
      checkAssemblyCounts({ ...base, participatingArea: 30001, participatingOwners: 301, approvingArea: 30002, approvingOwners: 302 })
        .reasons,
    ).toEqual(['参与表决面积超过专有部分总面积', '参与表决人数超过业主总人数', '同意面积超过参与表决面积', '同意人数超过参与表决人数']);
  });
});

describe('exact fractions', () => {
  it('compares with integer arithmetic', () => {
    expect(hundredths(0.1 + 0.2)).toBe(30n);
    expect(atLeast(2n, 3n, 2n, 3n)).toBe(true);
    expect(moreThan(1n, 2n, 1n, 2n)).toBe(false);
  });
});
