/** P3 纠错和退出 (4.4.3.2–4.4.3.4): credit record, notices to the parties, rectification, exit, seals. */
import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_RECTIFICATION_DAYS, MAX_RECTIFICATION_DAYS, type DeregistrationTarget, type TaskType } from '@rp/domain';
import { CommitteesService, RegistryError } from '../../committees/committees.service';
import { CreditService } from '../../credit/credit.service';
import { NotificationsService } from '../../notifications/notifications.service';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { SealsService } from '../../seals/seals.service';
import { JobDataError, type JobVariables } from '../job-variables';
import { MembershipDirectory } from '../membership-directory';
import type { ProcedureHandler } from '../procedure-handler';
import { runJob } from '../run-job';

const FINDING_TYPES = ['complaint', 'missed-report', 'seal-misuse', 'supervision'] as const;
const FINDING_TYPE_NAMES: Readonly<Record<(typeof FINDING_TYPES)[number], string>> = {
  complaint: '业主投诉',
  'missed-report': '未按期向社区党组织报告',
  'seal-misuse': '印章使用不规范',
  supervision: '监督检查发现问题',
};
const TARGETS = ['committee', 'member'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** *default*: the seals the community party organisation keeps (4.4.3.3). */
export const DEFAULT_SEALS = ['业主大会印章', '业主委员会印章'];

/** `target` and, for a member, `memberName` (required then). */
function readTarget(v: JobVariables): { target: DeregistrationTarget; memberName: string | null } {
  const target = v.oneOf('target', TARGETS);
  const memberName = target === 'member' ? v.string('memberName', 100) : v.optionalString('memberName', 100);
  return { target, memberName: target === 'member' ? memberName : null };
}

const subjectOf = (target: DeregistrationTarget, memberName: string | null): string =>
  target === 'member' ? `业主委员会成员${memberName ?? ''}` : '业主委员会';

@Injectable()
export class RecordCreditHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.record-credit';
  private readonly logger = new Logger(RecordCreditHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly credit: CreditService,
    private readonly committees: CommitteesService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const findingType = v.oneOf('findingType', FINDING_TYPES);
      const findingDescription = v.string('findingDescription');
      const investigationFindings = v.string('investigationFindings');
      const { target, memberName } = readTarget(v);
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const committee = await this.committees.activeOf(compound.id);
      const record = await this.credit.record({
        jobKey: job.key,
        orgUnitId: compound.id,
        orgPath: compound.path,
        target,
        memberName,
        findingType,
        findingDescription,
        investigationFindings,
        committeeId: committee?.id ?? null,
        processInstanceKey: job.processInstanceKey,
      });
      return { creditRecordId: record.id };
    });
  }
}

@Injectable()
export class NotifyPartiesHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.notify-parties';
  private readonly logger = new Logger(NotifyPartiesHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const stage = v.oneOf('noticeStage', ['unfounded', 'vote-failed'] as const);
      const compoundId = v.unitId('compoundId');
      const findingType = v.oneOf('findingType', FINDING_TYPES);
      const findingDescription = v.string('findingDescription');
      const investigationFindings = v.optionalString('investigationFindings');
      const assembly = v.raw('assemblyResult');
      const assemblyReason =
        typeof assembly === 'object' && assembly !== null && typeof (assembly as Record<string, unknown>)['reason'] === 'string'
          ? ((assembly as Record<string, unknown>)['reason'] as string)
          : null;
      const communityId = v.optionalUnitId('communityId');
      const startedBy = v.optionalString('startedBy', 64);
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const recipients = [
        `group:owners-committee:${compound.id}`,
        ...(communityId ? [`group:community-party:${communityId}`] : []),
        ...(startedBy && UUID.test(startedBy) ? [`user:${startedBy.toLowerCase()}`] : []),
      ];
      const title = stage === 'unfounded' ? '问题线索经调查不成立' : '罢免（解散）业主委员会的表决未获通过';
      await this.notifications.notify({
        jobKey: job.key,
        recipients,
        kind: stage,
        orgUnit: compound,
        title,
        body: [
          `小区：${compound.name}`,
          `线索类型：${FINDING_TYPE_NAMES[findingType]}`,
          `线索内容：${findingDescription}`,
          ...(investigationFindings ? [`调查结论：${investigationFindings}`] : []),
          ...(stage === 'vote-failed' ? [`表决结果：${assemblyReason ?? '未通过'}`] : []),
        ].join('\n'),
        processInstanceKey: job.processInstanceKey,
      });
      return { notifiedAt: new Date().toISOString() };
    });
  }
}

@Injectable()
export class IssueRectificationNoticeHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.issue-rectification-notice';
  private readonly logger = new Logger(IssueRectificationNoticeHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly committees: CommitteesService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const { target, memberName } = readTarget(v);
      const requirements = v.string('rectificationRequirements');
      const days = v.optionalInt('rectificationDays', 1, MAX_RECTIFICATION_DAYS) ?? DEFAULT_RECTIFICATION_DAYS;
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      return this.committees.issueRectification({
        jobKey: job.key,
        compound,
        target,
        memberName,
        requirements,
        days,
        now: new Date(),
        processInstanceKey: job.processInstanceKey,
      });
    });
  }
}

@Injectable()
export class DeregisterCommitteeHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.deregister-committee';
  private readonly logger = new Logger(DeregisterCommitteeHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly committees: CommitteesService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const { target, memberName } = readTarget(v);
      const assembly = v.raw('assemblyResult');
      if (typeof assembly !== 'object' || assembly === null || (assembly as Record<string, unknown>)['passed'] !== true)
        v.problem('assemblyResult.passed', '须为 true：业主大会未通过时不能撤销（must be true）');
      const meetingDate = v.optionalDate('meetingDate') ?? new Date().toISOString().slice(0, 10);
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      try {
        return await this.committees.deregister({
          jobKey: job.key,
          compound,
          target,
          memberName,
          meetingDate,
          processInstanceKey: job.processInstanceKey,
        });
      } catch (error) {
        if (error instanceof RegistryError) throw new JobDataError(`${subjectOf(target, memberName)}：${error.message}`);
        throw error;
      }
    });
  }
}

@Injectable()
export class TransferSealsHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.transfer-seals';
  private readonly logger = new Logger(TransferSealsHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly seals: SealsService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const communityId = v.unitId('communityId');
      if (v.boolean('sealsReceived') !== true && v.has('sealsReceived')) v.problem('sealsReceived', '须为已接收（seals must be received）');
      const sealList = v.optionalString('sealList', 1000);
      const handoverDate = v.date('handoverDate');
      v.done();
      const [compound, community] = [
        await this.directory.unit(compoundId, 'compoundId'),
        await this.directory.unit(communityId, 'communityId'),
      ];
      const seals = sealList ? splitSealList(sealList) : DEFAULT_SEALS;
      const custody = await this.seals.record({
        jobKey: job.key,
        compoundId: compound.id,
        orgPath: compound.path,
        custodianUnitId: community.id,
        seals,
        handoverDate,
        note: `业主委员会退出，印章移交${community.name}党组织代管`,
        processInstanceKey: job.processInstanceKey,
      });
      return { sealCustodyId: custody.id };
    });
  }
}

/** "业主大会印章、业主委员会印章" or one per line → the seals. */
export function splitSealList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、，,；;\n\r]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}
