import {
  addMonths,
  beijingDate,
  chineseDate,
  committeeReportDue,
  isCommitteeReportOverdue,
  missedReportFinding,
} from '../committee-reports';

describe('业主委员会定期报告 (4.4.3.3)', () => {
  it('is due one quarter after the last report, or after the term started when none was made', () => {
    expect(committeeReportDue('2024-03-01', null)).toBe('2024-06-01');
    expect(committeeReportDue('2024-03-01', '2025-10-15')).toBe('2026-01-15');
    // A report dated before this term (a previous committee's) does not count.
    expect(committeeReportDue('2024-03-01', '2023-12-01')).toBe('2024-06-01');
  });

  it('adds months with the month end kept inside the shorter month', () => {
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2025-12-31', 1)).toBe('2026-01-31');
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30');
  });

  it('is overdue from the day after the due date', () => {
    expect(isCommitteeReportOverdue('2026-01-15', '2026-01-14')).toBe(false);
    expect(isCommitteeReportOverdue('2026-01-15', '2026-01-15')).toBe(false);
    expect(isCommitteeReportOverdue('2026-01-15', '2026-01-16')).toBe(true);
  });

  it('counts days in Beijing time', () => {
    expect(beijingDate(new Date('2026-01-15T15:59:59Z'))).toBe('2026-01-15');
    expect(beijingDate(new Date('2026-01-15T16:00:00Z'))).toBe('2026-01-16');
  });

  it('says in Chinese what was missed', () => {
    expect(chineseDate('2024-06-01')).toBe('2024年6月1日');
    expect(missedReportFinding('2024-06-01', null)).toBe(
      '业主委员会应于2024年6月1日前向社区党组织报告工作，逾期未报告（本届业主委员会尚未报告过工作）。',
    );
    expect(missedReportFinding('2026-01-15', '2025-10-15')).toContain('上次报告日期：2025年10月15日');
  });
});
