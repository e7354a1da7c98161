import {
  addYears,
  type Candidate,
  checkCommitteeStructure,
  checkElectionResult,
  checkSlate,
  type ElectionResult,
  isOddAtLeastThree,
  shareAtLeast,
} from '../committee-rules';

const owner = (name: string, isPartyMember: boolean): Candidate => ({ name, isOwner: true, isPartyMember });

describe(checkCommitteeStructure.name, () => {
  const valid = { seats: 5, termYears: 5, partyShareTargetPercent: 60 };

  it('accepts 5 seats, a 5-year term and a 60% party-member target', () => {
    expect(checkCommitteeStructure(valid)).toEqual({ ok: true, reasons: [] });
  });

  it.each([1, 2, 4, 6])('rejects %i seats (3人以上单数)', (seats) => {
    const result = checkCommitteeStructure({ ...valid, seats });
    expect(result.ok).toBe(false);
    expect(result.reasons[0]).toContain('3人以上单数');
  });

  it.each([3, 7, 9])('accepts %i seats', (seats) => {
    expect(checkCommitteeStructure({ ...valid, seats }).ok).toBe(true);
  });

  it('rejects a 6-year term and a 0-year term, accepts 1 year', () => {
    expect(checkCommitteeStructure({ ...valid, termYears: 6 }).reasons).toEqual(['每届任期须为1至5年，当前为6年']);
    expect(checkCommitteeStructure({ ...valid, termYears: 0 }).ok).toBe(false);
    expect(checkCommitteeStructure({ ...valid, termYears: 1 }).ok).toBe(true);
  });

  it('requires a reason for a party-member target below 60%, and accepts it with one', () => {
    expect(checkCommitteeStructure({ ...valid, partyShareTargetPercent: 59 }).reasons).toEqual(['党员比例目标低于60%，须说明理由']);
    expect(checkCommitteeStructure({ ...valid, partyShareTargetPercent: 59, partyShareReason: '  ' }).ok).toBe(false);
    expect(checkCommitteeStructure({ ...valid, partyShareTargetPercent: 40, partyShareReason: '新建小区党员业主少' }).ok).toBe(true);
  });
});

describe(shareAtLeast.name, () => {
  it('is exact at the edge: 3 of 5 is 60%, 2 of 5 is not', () => {
    expect(shareAtLeast(3, 5, 60)).toBe(true);
    expect(shareAtLeast(2, 5, 60)).toBe(false);
    expect(shareAtLeast(2, 3, 67)).toBe(false); // 66.67%
    expect(shareAtLeast(2, 3, 66)).toBe(true);
    expect(shareAtLeast(0, 0, 60)).toBe(false);
  });
});

describe(isOddAtLeastThree.name, () => {
  it('holds for 3, 5, 7 and not for 0, 1, 2, 4, 3.5', () => {
    expect([3, 5, 7].map(isOddAtLeastThree)).toEqual([true, true, true]);
    expect([0, 1, 2, 4, 3.5].map(isOddAtLeastThree)).toEqual([false, false, false, false, false]);
  });
});

describe(checkSlate.name, () => {
  it('accepts five owners, three of them party members, for five seats at 60%', () => {
    // given
    const candidates = [owner('甲', true), owner('乙', true), owner('丙', true), owner('丁', false), owner('戊', false)];
    // when
    const result = checkSlate({ seats: 5, partyShareTargetPercent: 60, candidates });
    // then
    expect(result).toEqual({ ok: true, reasons: [] });
  });

  it('rejects a candidate who is not an owner, naming them', () => {
    const candidates = [owner('甲', true), owner('乙', true), { name: '丙', isOwner: false, isPartyMember: true }];
    expect(checkSlate({ seats: 3, partyShareTargetPercent: 60, candidates }).reasons).toEqual(['候选人丙不是本物业管理区域业主']);
  });

  it('rejects fewer candidates than seats', () => {
    const candidates = [owner('甲', true), owner('乙', true)];
    expect(checkSlate({ seats: 3, partyShareTargetPercent: 60, candidates }).reasons).toEqual(['候选人2人，少于委员名额3人']);
  });

  it('rejects a party share just below the target (2 of 5 < 60%)', () => {
    const candidates = [owner('甲', true), owner('乙', true), owner('丙', false), owner('丁', false), owner('戊', false)];
    expect(checkSlate({ seats: 5, partyShareTargetPercent: 60, candidates }).reasons).toEqual(['候选人中党员2人，占5人的比例低于目标60%']);
  });

  it('leaves disqualified candidates out of every count', () => {
    const candidates = [owner('甲', true), owner('乙', true), owner('丙', false), { ...owner('丁', true), disqualified: true }];
    const result = checkSlate({ seats: 3, partyShareTargetPercent: 60, candidates });
    expect(result).toEqual({ ok: true, reasons: [] });
    expect(checkSlate({ seats: 4, partyShareTargetPercent: 60, candidates }).ok).toBe(false);
  });
});

describe(checkElectionResult.name, () => {
  const member = (name: string, votes = 100) => ({ name, isOwner: true, votes });
  const valid: ElectionResult = {
    members: [member('甲'), member('乙'), member('丙')],
    validBallots: 150,
    invalidBallots: 5,
    ballotsCast: 155,
    termStart: '2026-03-01',
    termEnd: '2031-03-01',
  };

  it('accepts three owners elected for exactly five years with ballots that add up', () => {
    expect(checkElectionResult(valid)).toEqual({ ok: true, reasons: [] });
  });

  it('rejects a term one day longer than five years', () => {
    expect(checkElectionResult({ ...valid, termEnd: '2031-03-02' }).reasons).toEqual(['每届任期不得超过5年']);
  });

  it('handles a term starting on 29 February', () => {
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
    expect(checkElectionResult({ ...valid, termStart: '2028-02-29', termEnd: '2033-02-28' }).ok).toBe(true);
    expect(checkElectionResult({ ...valid, termStart: '2028-02-29', termEnd: '2033-03-01' }).ok).toBe(false);
  });

  it('rejects an even number of members and fewer than three', () => {
    expect(checkElectionResult({ ...valid, members: [...valid.members, member('丁')] }).ok).toBe(false);
    expect(checkElectionResult({ ...valid, members: [member('甲')] }).ok).toBe(false);
  });

  it('rejects a member who is not an owner, ballots that do not add up, and votes beyond the valid ballots', () => {
    const result = checkElectionResult({
      ...valid,
      members: [member('甲'), { name: '乙', isOwner: false, votes: 10 }, member('丙', 151)],
      invalidBallots: 6,
    });
    expect(result.reasons).toEqual([
      '当选委员乙不是本物业管理区域业主',
      '有效票150与无效票6之和不等于收回选票155',
      '丙得票151超过有效票数150',
    ]);
  });

  it('accepts a by-election of one member for one vacant seat, and rejects more members than vacancies', () => {
    const byElection = { ...valid, byElection: true, seats: 1 };
    expect(checkElectionResult({ ...byElection, members: [member('甲')] })).toEqual({ ok: true, reasons: [] });
    expect(checkElectionResult({ ...byElection, members: [member('甲'), member('乙')] }).reasons).toEqual([
      '补选当选2人，应为1至1人（空缺名额）',
    ]);
    expect(checkElectionResult({ ...byElection, members: [] }).ok).toBe(false);
  });

  it('rejects an end date not after the start', () => {
    expect(checkElectionResult({ ...valid, termEnd: '2026-03-01' }).reasons).toEqual(['任期结束日期须晚于开始日期']);
  });
});
