/** P5 三单一访 (resident-report): telling the reporter, and the service-quality ledger (7.1.2). */
import { Injectable, Logger } from '@nestjs/common';
import { followUpSampled, type TaskType } from '@rp/domain';
import { NotificationsService } from '../../notifications/notifications.service';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { ServiceQualityService } from '../../service-quality/service-quality.service';
import { MembershipDirectory } from '../membership-directory';
import type { ProcedureHandler } from '../procedure-handler';
import { runJob } from '../run-job';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPORT_CATEGORY_NAMES: Readonly<Record<string, string>> = {
  repair: '报修',
  environment: '环境卫生',
  safety: '安全隐患',
  complaint: '投诉',
  other: '其他',
};

@Injectable()
export class NotifyReporterHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.notify-reporter';
  private readonly logger = new Logger(NotifyReporterHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const reporterId = v.string('reporterId', 64);
      if (reporterId && !UUID.test(reporterId)) v.problem('reporterId', '须为用户编号（must be a user id）');
      const compoundId = v.unitId('compoundId');
      const category = v.optionalString('category', 32);
      const description = v.optionalString('description');
      const dispatchNote = v.optionalString('dispatchNote');
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      await this.notifications.notify({
        jobKey: job.key,
        recipients: [`user:${reporterId.toLowerCase()}`],
        kind: 'reporter-closed',
        orgUnit: compound,
        title: '您反映的事项经网格员核实不属于物业服务事项',
        body: [
          `小区：${compound.name}`,
          ...(category ? [`类别：${REPORT_CATEGORY_NAMES[category] ?? category}`] : []),
          ...(description ? [`您反映的情况：${description}`] : []),
          `处理说明：${dispatchNote ?? '不属物业服务事项，已转相关部门或不予派单'}`,
        ].join('\n'),
        processInstanceKey: job.processInstanceKey,
      });
      return { notifiedAt: new Date().toISOString() };
    });
  }
}

@Injectable()
export class RecordSupervisionHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.record-supervision';
  private readonly logger = new Logger(RecordSupervisionHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly ledger: ServiceQualityService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      v.optionalUnitId('communityId');
      const escalationReason = v.string('escalationReason', 500);
      const supervisionNote = v.optionalString('supervisionNote');
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      await this.ledger.record({
        jobKey: job.key,
        kind: 'supervision',
        orgUnitId: compound.id,
        orgPath: compound.path,
        category: null,
        satisfaction: null,
        ratingScore: null,
        autoRated: null,
        followUpSampled: null,
        problemResolved: null,
        notes: { escalationReason, ...(supervisionNote ? { supervisionNote } : {}) },
        processInstanceKey: job.processInstanceKey,
      });
      return {};
    });
  }
}

@Injectable()
export class RecordRatingHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.record-rating';
  private readonly logger = new Logger(RecordRatingHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly ledger: ServiceQualityService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const category = v.optionalString('category', 32);
      const satisfaction = v.oneOf('satisfaction', ['satisfied', 'unsatisfied'] as const);
      const ratingScore = v.optionalInt('ratingScore', 1, 5);
      const ratingComment = v.optionalString('ratingComment');
      const autoRated = v.optionalBoolean('autoRated') ?? false;
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const stored = await this.ledger.record({
        jobKey: job.key,
        kind: 'rating',
        orgUnitId: compound.id,
        orgPath: compound.path,
        category,
        satisfaction,
        ratingScore,
        autoRated,
        // Sampled by the instance, not the job: a retried or re-created job samples alike.
        followUpSampled: followUpSampled(satisfaction, job.processInstanceKey),
        problemResolved: null,
        notes: ratingComment ? { ratingComment } : {},
        processInstanceKey: job.processInstanceKey,
      });
      return { followUpSampled: stored.followUpSampled === true };
    });
  }
}

@Injectable()
export class RecordFollowUpHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.record-follow-up';
  private readonly logger = new Logger(RecordFollowUpHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly ledger: ServiceQualityService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const followUpResult = v.string('followUpResult');
      const problemResolved = v.optionalBoolean('problemResolved') ?? false;
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      await this.ledger.record({
        jobKey: job.key,
        kind: 'follow-up',
        orgUnitId: compound.id,
        orgPath: compound.path,
        category: null,
        satisfaction: null,
        ratingScore: null,
        autoRated: null,
        followUpSampled: null,
        problemResolved,
        notes: { followUpResult },
        processInstanceKey: job.processInstanceKey,
      });
      return {};
    });
  }
}
