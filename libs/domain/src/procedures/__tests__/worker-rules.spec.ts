import {
  composeNotice,
  deregistration,
  electedMembers,
  followUpSampled,
  nextStars,
  publicisedCandidateNames,
  rectificationDeadline,
  registerTotals,
  reviewAssignments,
  splitDisplayName,
  stableHash,
  vetCandidates,
  type OwnerRegisterEntry,
} from '..';

const register: OwnerRegisterEntry[] = [
  { roomNo: '1-101', ownerName: '张三', areaHundredths: 9_812 },
  { roomNo: '1-102', ownerName: '李四', areaHundredths: 12_050 },
  { roomNo: '2-201', ownerName: '王五', areaHundredths: 8_833 },
];

describe(registerTotals.name, () => {
  it('sums areas exactly in hundredths and counts one owner per unit', () => {
    expect(registerTotals(register)).toEqual({ totalArea: 306.95, totalOwners: 3 });
  });

  it('answers zero for an empty register', () => {
    expect(registerTotals([])).toEqual({ totalArea: 0, totalOwners: 0 });
  });

  it('stays exact beyond 2^53 hundredths summed as BigInt', () => {
    const big = Array.from({ length: 3 }, (_, i) => ({ roomNo: String(i), ownerName: 'x', areaHundredths: 2_000_000_001 }));
    expect(registerTotals(big).totalArea).toBe(60_000_000.03);
  });
});

describe(vetCandidates.name, () => {
  it('takes owner status from the register, not from the form, matching name and room without spaces or full-width digits', () => {
    const vetted = vetCandidates(
      [
        { name: '张 三', roomNo: '１-101', isOwner: false, isPartyMember: true },
        { name: '赵六', roomNo: '3-301', isOwner: true, isPartyMember: false },
        { name: '李四', roomNo: '2-201', isOwner: true },
      ],
      register,
    );
    expect(vetted.map((c) => c.isOwner)).toEqual([true, false, false]);
    expect(vetted[2]?.isPartyMember).toBe(false);
  });

  it('marks candidates a department failed as disqualified with the department and reason, and keeps earlier disqualifications', () => {
    const vetted = vetCandidates(
      [
        { name: '张三', roomNo: '1-101', isPartyMember: true },
        { name: '李四', roomNo: '1-102', isPartyMember: true, disqualified: true, disqualifiedReasons: ['wf-police：有违法记录'] },
        { name: '王五', roomNo: '2-201', isPartyMember: false },
      ],
      register,
      [
        {
          department: 'wf-housing',
          results: [
            { name: '王五', roomNo: '2-201', passed: false, reason: '拖欠物业费' },
            { name: '张三', roomNo: '1-101', passed: true },
          ],
        },
        { department: 'wf-civil', results: [{ name: '王五', roomNo: '2-201', passed: false, reason: null }] },
      ],
    );
    expect(vetted.map((c) => c.disqualified)).toEqual([false, true, true]);
    expect(vetted[1]?.disqualifiedReasons).toEqual(['wf-police：有违法记录']);
    expect(vetted[2]?.disqualifiedReasons).toEqual(['wf-housing：拖欠物业费', 'wf-civil：资格审查未通过']);
  });
});

describe(composeNotice.name, () => {
  it('publishes a matter under deliberation with its category name, cost and opinion, for 7 days', () => {
    const notice = composeNotice('deliberation', {
      title: '更换电梯',
      category: 'maintenance-fund',
      description: '3号楼电梯老化',
      estimatedCost: 180000,
      deliberationOpinion: '同意提交业主大会',
    });
    expect(notice.title).toBe('【过程公开】更换电梯');
    expect(notice.body).toContain('事项类别：维修资金筹集和使用');
    expect(notice.body).toContain('预计费用：180000.00元');
    expect(notice.body).toContain('联议意见：同意提交业主大会');
    expect(notice.publicityDays).toBe(7);
  });

  it('lists only candidates still on the slate, with party membership and the objection finding', () => {
    const notice = composeNotice('candidates', {
      candidates: [
        { name: '张三', roomNo: '1-101', isPartyMember: true },
        { name: '李四', roomNo: '1-102', disqualified: true },
      ],
      objectionFinding: '异议不成立',
    });
    expect(notice.body).toContain('候选人共1人');
    expect(notice.body).toContain('1. 张三（1-101），中共党员');
    expect(notice.body).not.toContain('李四');
    expect(notice.body).toContain('异议核查结论：异议不成立');
  });

  it('reads the roster of a candidates notice back (what an objection may name)', () => {
    const notice = composeNotice('candidates', {
      candidates: [
        { name: '张三', roomNo: '1-101', isPartyMember: true },
        { name: '李四', roomNo: '1-102', disqualified: true },
        { name: '欧阳 明', roomNo: null },
      ],
      objectionFinding: '1. 异议不成立',
    });
    expect(publicisedCandidateNames(notice.body)).toEqual(['张三', '欧阳 明']);
  });

  it('publishes annual ratings with the year, company, average and rating', () => {
    const notice = composeNotice('annual-ratings', {
      reviewYear: 2025,
      ratings: [{ name: '陈经理', companyName: '安泰物业', averageScore: 91.5, rating: '优秀' }],
    });
    expect(notice.title).toBe('【评议结果】2025年度物业服务企业党支部书记述职评议结果');
    expect(notice.body).toContain('安泰物业 陈经理：平均91.5分，优秀');
  });

  it('leaves out empty lines of the rejected, failed and result notices', () => {
    expect(composeNotice('rejected', { title: '加装道闸', deliberationOpinion: '费用过高' }).body).toBe('不予通过理由：费用过高');
    expect(
      composeNotice('assembly-failed', { title: '加装道闸', assemblyResult: { passed: false, reason: '参与表决面积不足三分之二' } }).body,
    ).toBe('表决结果：参与表决面积不足三分之二');
    expect(composeNotice('result', { title: '加装道闸', implementationResult: '已完工', actualCost: 5000.5 }).body).toBe(
      '实施结果：已完工\n实际费用：5000.50元',
    );
  });
});

describe(followUpSampled.name, () => {
  it('never samples an unsatisfied report (it is always visited)', () => {
    expect(followUpSampled('unsatisfied', 'anything', 100)).toBe(false);
  });

  it('samples the same report the same way every time and about the configured share overall', () => {
    expect(followUpSampled('satisfied', '2251799813685249')).toBe(followUpSampled('satisfied', '2251799813685249'));
    const sampled = Array.from({ length: 10_000 }, (_, i) => followUpSampled('satisfied', String(2251799813685249 + i))).filter(
      Boolean,
    ).length;
    expect(sampled).toBeGreaterThan(800);
    expect(sampled).toBeLessThan(1200);
  });

  it('samples all at 100% and none at 0%', () => {
    expect(followUpSampled('satisfied', 'x', 100)).toBe(true);
    expect(followUpSampled('satisfied', 'x', 0)).toBe(false);
    expect(stableHash('')).toBe(0x811c9dc5);
  });
});

describe(rectificationDeadline.name, () => {
  it('ends the 30th day after issue at 23:59:59 Beijing time', () => {
    expect(rectificationDeadline(new Date('2026-11-28T03:00:00Z'), 30)).toBe('2026-12-28T23:59:59+08:00');
  });

  it('counts from the Beijing date when UTC is still on the day before', () => {
    expect(rectificationDeadline(new Date('2026-12-31T17:00:00Z'), 1)).toBe('2027-01-02T23:59:59+08:00');
  });

  it('crosses 29 February in a leap year', () => {
    expect(rectificationDeadline(new Date('2028-02-28T04:00:00Z'), 1)).toBe('2028-02-29T23:59:59+08:00');
  });
});

describe(nextStars.name, () => {
  it('starts a first rating from 3 stars', () => {
    expect(nextStars(null, '优秀')).toBe(4);
    expect(nextStars(null, '良好')).toBe(3);
    expect(nextStars(null, '较差')).toBe(1);
  });

  it('stays within 1 to 5 stars', () => {
    expect(nextStars(5, '优秀')).toBe(5);
    expect(nextStars(1, '一般')).toBe(1);
    expect(nextStars(2, '较差')).toBe(1);
  });
});

describe(deregistration.name, () => {
  const committee = { seats: 5, activeMembers: ['张三', '李四', '王五', '赵六', '钱七'] };

  it('dissolving the committee frees every seat', () => {
    expect(deregistration(committee, 'committee', null)).toEqual({
      ok: true,
      reasons: [],
      result: { leaving: committee.activeMembers, committeeDissolved: true, vacantSeats: 5 },
    });
  });

  it('a member leaving frees one seat of a full committee, and the seats already vacant', () => {
    expect(deregistration(committee, 'member', ' 李 四 ').result).toEqual({ leaving: ['李四'], committeeDissolved: false, vacantSeats: 1 });
    expect(deregistration({ seats: 5, activeMembers: ['张三', '李四', '王五'] }, 'member', '王五').result?.vacantSeats).toBe(3);
  });

  it('refuses a member who is not serving', () => {
    expect(deregistration(committee, 'member', '孙八')).toEqual({ ok: false, reasons: ['业主委员会现任委员中没有孙八'] });
    expect(deregistration(committee, 'member', null).ok).toBe(false);
  });
});

describe(electedMembers.name, () => {
  it('keeps the rows marked elected', () => {
    expect(
      electedMembers([
        { name: 'a', roomNo: '1', votes: 3, elected: true },
        { name: 'b', roomNo: '2', votes: 1, elected: false },
      ]).map((m) => m.name),
    ).toEqual(['a']);
  });
});

describe(splitDisplayName.name, () => {
  it('reads "<organisation> <person>" and falls back to the unit name', () => {
    expect(splitDisplayName('安泰物业 陈经理', '锦绣花园小区')).toEqual({ companyName: '安泰物业', name: '陈经理' });
    expect(splitDisplayName('陈经理', '锦绣花园小区')).toEqual({ companyName: '锦绣花园小区', name: '陈经理' });
  });
});

describe(reviewAssignments.name, () => {
  it('assigns every reviewer of the same industry party committee to every secretary, never to themselves', () => {
    const secretaries = [
      { secretaryId: 's1', name: 'a', companyName: 'x', orgUnitId: 'u1', industryPartyId: 'wf' },
      { secretaryId: 's2', name: 'b', companyName: 'y', orgUnitId: 'u2', industryPartyId: 'bg' },
    ];
    const reviewers = [
      { reviewerId: 'r1', industryPartyId: 'wf' },
      { reviewerId: 'r2', industryPartyId: 'wf' },
      { reviewerId: 's1', industryPartyId: 'wf' },
      { reviewerId: 'r3', industryPartyId: 'bg' },
    ];
    expect(reviewAssignments(secretaries, reviewers)).toEqual([
      { secretaryId: 's1', reviewerId: 'r1', industryPartyId: 'wf' },
      { secretaryId: 's1', reviewerId: 'r2', industryPartyId: 'wf' },
      { secretaryId: 's2', reviewerId: 'r3', industryPartyId: 'bg' },
    ]);
  });
});
