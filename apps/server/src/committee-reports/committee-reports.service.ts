/**
 * 业主委员会定期报告 (4.4.3.3): the committee's reports to the community party organisation,
 * and the monitor that finds a committee which has not reported on time and publishes
 * `committee-report-overdue` — the message start of P3 纠错和退出 (finding `missed-report`).
 * Each missed due date is recorded once (unique committee + kind + date), so the message is
 * published once per missed report however often the check runs.
 */
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  beijingDate,
  COMMITTEE_REPORT_OVERDUE_MESSAGE,
  COMMITTEE_REPORT_OVERDUE_TTL_MS,
  committeeReportDue,
  isCommitteeReportOverdue,
  isWithin,
  missedReportFinding,
  pathIds,
} from '@rp/domain';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, forbidden, invalidField, notFound } from '../common/app-error';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { orgVariables } from '../processes/org-variables';
import type { CommitteeReportDto, CommitteeReportsDto, OverdueCheckDto, RecordCommitteeReportDto } from './committee-report.dto';

/** How often the monitor looks; the first look is one interval after boot (`npm start` also runs one with the demo data). */
export const REPORT_CHECK_INTERVAL_MS = 6 * 3600 * 1000;

interface CommitteeRow {
  readonly id: string;
  readonly compound_id: string;
  readonly org_path: string;
  readonly term_start: string;
  readonly status: string;
  readonly last_reported_on: string | null;
}

interface ReportRow {
  readonly id: string;
  readonly committee_id: string;
  readonly compound_id: string;
  readonly kind: string;
  readonly reported_on: string;
  readonly summary: string;
  readonly created_at: Date;
}

const COMMITTEES_SQL = `SELECT c.id, c.compound_id, c.org_path, c.term_start::text AS term_start, c.status,
    (SELECT max(r.reported_on)::text FROM committee_reports r WHERE r.committee_id = c.id AND r.kind = 'report') AS last_reported_on
  FROM committees c`;

@Injectable()
export class CommitteeReportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CommitteeReportsService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
    private readonly engine: WorkflowEngineService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scheduledCheck(), REPORT_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** The committee's own officials or the community party organisation above it record a report. */
  async record(principal: Principal, committeeId: string, input: RecordCommitteeReportDto): Promise<CommitteeReportDto> {
    const committee = await this.visibleCommittee(principal, committeeId);
    const mayRecord = principal.memberships.some(
      (m) =>
        (m.role === 'owners-committee' && m.orgUnitId === committee.compound_id) ||
        (m.role === 'community-party' && isWithin(committee.org_path, m.orgUnitPath)),
    );
    if (!mayRecord) throw forbidden('只有本小区业主委员会或其社区党组织可以登记定期报告');
    if (committee.status !== 'active') throw new AppError(ErrorCode.Conflict, '该届业主委员会已终止，不能再登记报告');
    const today = beijingDate(new Date());
    const reportedOn = input.reportedOn ?? today;
    if (!isCalendarDate(reportedOn)) throw invalidField('reportedOn', 'isDate', '不是有效日期');
    if (reportedOn > today) throw invalidField('reportedOn', 'notInFuture', '报告日期不能晚于今天');
    if (reportedOn < committee.term_start)
      throw invalidField('reportedOn', 'withinTerm', `报告日期不能早于任期开始（${committee.term_start}）`);
    const rows: ReportRow[] = await this.dataSource.query(
      `INSERT INTO committee_reports (id, committee_id, compound_id, org_path, kind, reported_on, summary, recorded_by)
       VALUES ($1, $2, $3, $4, 'report', $5, $6, $7)
       ON CONFLICT ON CONSTRAINT uq_committee_reports_committee_kind_date DO NOTHING
       RETURNING id, committee_id, compound_id, kind, reported_on::text AS reported_on, summary, created_at`,
      [randomUUID(), committee.id, committee.compound_id, committee.org_path, reportedOn, input.summary, principal.userId],
    );
    const row = rows[0];
    if (!row) throw new AppError(ErrorCode.Conflict, `${reportedOn}已登记过报告`);
    return toDto(row);
  }

  /** The committee's reports and missed reports, and when the next one is due. */
  async list(principal: Principal, committeeId: string): Promise<CommitteeReportsDto> {
    const committee = await this.visibleCommittee(principal, committeeId);
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT id, committee_id, compound_id, kind, reported_on::text AS reported_on, summary, created_at
         FROM committee_reports WHERE committee_id = $1 ORDER BY reported_on DESC, created_at DESC LIMIT 200`,
      [committee.id],
    );
    const nextDueOn = committeeReportDue(committee.term_start, committee.last_reported_on);
    return {
      nextDueOn,
      overdue: committee.status === 'active' && isCommitteeReportOverdue(nextDueOn, beijingDate(new Date())),
      items: rows.map(toDto),
    };
  }

  /**
   * Finds the active committees (within `withinPaths`, all when omitted) whose report is overdue
   * on `now`'s Beijing date, records each missed due date once and publishes
   * `committee-report-overdue` for it (correlation key: the compound). A publish that fails is
   * undone so that the next check tries again.
   */
  async checkOverdue(now = new Date(), withinPaths?: readonly string[]): Promise<OverdueCheckDto> {
    const run = this.check(now, withinPaths);
    this.running = run;
    return run;
  }

  private async check(now: Date, withinPaths?: readonly string[]): Promise<OverdueCheckDto> {
    const today = beijingDate(now);
    const committees: CommitteeRow[] = await this.dataSource.query(`${COMMITTEES_SQL} WHERE c.status = 'active' ORDER BY c.org_path`);
    const published: OverdueCheckDto['published'] = [];
    for (const c of committees) {
      if (withinPaths && !withinPaths.some((root) => isWithin(c.org_path, root))) continue;
      const dueOn = committeeReportDue(c.term_start, c.last_reported_on);
      if (!isCommitteeReportOverdue(dueOn, today)) continue;
      const findingDescription = missedReportFinding(dueOn, c.last_reported_on);
      const id = randomUUID();
      const claimed: { id: string }[] = await this.dataSource.query(
        `INSERT INTO committee_reports (id, committee_id, compound_id, org_path, kind, reported_on, summary)
         VALUES ($1, $2, $3, $4, 'overdue', $5, $6)
         ON CONFLICT ON CONSTRAINT uq_committee_reports_committee_kind_date DO NOTHING RETURNING id`,
        [id, c.id, c.compound_id, c.org_path, dueOn, findingDescription],
      );
      if (claimed.length === 0) continue;
      try {
        await this.publish(c, dueOn, findingDescription);
        published.push({ committeeId: c.id, compoundId: c.compound_id, dueOn });
      } catch (error) {
        await this.dataSource.query('DELETE FROM committee_reports WHERE id = $1', [id]);
        this.logger.warn({
          msg: 'committee-report-overdue not published; retried at the next check',
          committeeId: c.id,
          err: String(error),
        });
      }
    }
    if (published.length > 0) this.logger.log({ msg: 'committee reports overdue', today, published });
    return { checkedOn: today, published };
  }

  private async publish(c: CommitteeRow, dueOn: string, findingDescription: string): Promise<void> {
    const units = await this.units.findByIds(pathIds(c.org_path));
    const ancestors = orgVariables(pathIds(c.org_path).flatMap((id) => units.filter((u) => u.id === id)));
    await this.engine.grpc().publishMessage({
      name: COMMITTEE_REPORT_OVERDUE_MESSAGE,
      correlationKey: c.compound_id,
      messageId: `${COMMITTEE_REPORT_OVERDUE_MESSAGE}:${c.id}:${dueOn}`,
      timeToLive: COMMITTEE_REPORT_OVERDUE_TTL_MS,
      variables: {
        compoundId: c.compound_id,
        communityId: ancestors['communityId'] ?? null,
        streetId: ancestors['streetId'] ?? null,
        districtId: ancestors['districtId'] ?? null,
        findingType: 'missed-report',
        target: 'committee',
        findingDescription,
      },
    });
  }

  private async scheduledCheck(): Promise<void> {
    try {
      await this.checkOverdue();
    } catch (error) {
      this.logger.error({ msg: 'committee report check failed', err: String(error) });
    }
  }

  private async visibleCommittee(principal: Principal, committeeId: string): Promise<CommitteeRow> {
    const rows: CommitteeRow[] = await this.dataSource.query(`${COMMITTEES_SQL} WHERE c.id = $1`, [committeeId]);
    const committee = rows[0];
    if (!committee || !OrgScope.of(principal).canSee(committee.org_path)) throw notFound('业主委员会');
    return committee;
  }
}

/** 2026-02-30 matches the pattern but is no date. */
function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

function toDto(row: ReportRow): CommitteeReportDto {
  return {
    id: row.id,
    committeeId: row.committee_id,
    compoundId: row.compound_id,
    kind: row.kind,
    reportedOn: row.reported_on,
    summary: row.summary,
    recordedAt: new Date(row.created_at).toISOString(),
  };
}
