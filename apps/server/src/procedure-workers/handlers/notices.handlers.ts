/** 公示/公开 (`rp.publish-notice`, shared by P1, P2 and P4) and the owner register (`rp.load-owner-register`). */
import { Injectable, Logger } from '@nestjs/common';
import { isWithin, NOTICE_STAGES, registerTotals, type NoticeInput, type NoticeStage, type TaskType } from '@rp/domain';
import { WorkflowEngineService } from '../../engine/workflow-engine.service';
import { NoticesService } from '../../notices/notices.service';
import { OwnersRepository } from '../../owners/owners.repository';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { JobDataError, type JobVariables } from '../job-variables';
import { MembershipDirectory, type UnitRef } from '../membership-directory';
import type { ProcedureHandler } from '../procedure-handler';
import { runJob } from '../run-job';

/** Stages about one compound's matter or slate; `annual-ratings` is about an industry party committee's companies. */
const MATTER_STAGES: readonly NoticeStage[] = ['deliberation', 'rejected', 'assembly-failed', 'result'];

@Injectable()
export class PublishNoticeHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.publish-notice';
  private readonly logger = new Logger(PublishNoticeHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly notices: NoticesService,
    private readonly engine: WorkflowEngineService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const stage = v.oneOf('noticeStage', NOTICE_STAGES);
      const input = readNoticeInput(v, stage);
      const unitIds = stage === 'annual-ratings' ? null : v.unitId('compoundId');
      const industryPartyId = stage === 'annual-ratings' ? v.optionalUnitId('industryPartyId') : null;
      const secretaryUnits =
        stage === 'annual-ratings' && !industryPartyId ? (v.optionalList('secretaries', (s) => s.string('orgUnitId', 64)) ?? []) : [];
      v.done();
      const unit = unitIds
        ? await this.directory.unit(unitIds, 'compoundId')
        : industryPartyId
          ? await this.directory.unit(industryPartyId, 'industryPartyId')
          : await this.commonUnit(secretaryUnits);
      const notice = await this.notices.publish({
        jobKey: job.key,
        stage,
        orgUnit: unit,
        input,
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        // Engine time: the publicity period is the diagram's P7D timer, which runs on the engine clock.
        now: this.engine.now(),
      });
      return { lastNoticeAt: notice.publishedAt.toISOString() };
    });
  }

  /** Without an industry party committee, the deepest unit above every rated company. */
  private async commonUnit(unitIds: readonly string[]): Promise<UnitRef> {
    const units = [...(await this.directory.unitsByIds(unitIds)).values()];
    if (units.length === 0)
      throw new JobDataError('annual-ratings：没有industryPartyId，也无法从secretaries确定公开范围（no unit to publish to）');
    const first = units[0];
    const ids = first.path.split('/').filter(Boolean);
    for (let n = ids.length; n > 0; n -= 1) {
      const prefix = `/${ids.slice(0, n).join('/')}/`;
      if (units.every((u) => isWithin(u.path, prefix))) return this.directory.unit(ids[n - 1], 'secretaries');
    }
    throw new JobDataError('annual-ratings：评议对象不在同一组织树中（rated companies share no unit）');
  }
}

function readNoticeInput(v: JobVariables, stage: NoticeStage): NoticeInput {
  const matter = MATTER_STAGES.includes(stage);
  const assembly = v.raw('assemblyResult');
  return {
    title: matter ? v.string('title', 200) : v.optionalString('title', 200),
    category: v.optionalString('category', 32),
    description: v.optionalString('description'),
    estimatedCost: v.optionalNumber('estimatedCost', 0),
    deliberationOpinion: stage === 'rejected' ? v.string('deliberationOpinion') : v.optionalString('deliberationOpinion'),
    meetingDate: v.optionalDate('meetingDate'),
    assemblyResult:
      typeof assembly === 'object' && assembly !== null && !Array.isArray(assembly)
        ? {
            passed:
              typeof (assembly as Record<string, unknown>)['passed'] === 'boolean'
                ? ((assembly as Record<string, unknown>)['passed'] as boolean)
                : null,
            reason:
              typeof (assembly as Record<string, unknown>)['reason'] === 'string'
                ? ((assembly as Record<string, unknown>)['reason'] as string)
                : null,
          }
        : null,
    reviewOpinion: v.optionalString('reviewOpinion'),
    implementationResult: stage === 'result' ? v.string('implementationResult') : v.optionalString('implementationResult'),
    completedOn: v.optionalDate('completedOn'),
    actualCost: v.optionalNumber('actualCost', 0),
    candidates:
      stage === 'candidates'
        ? v.list(
            'candidates',
            (c) => ({
              name: c.string('name', 100),
              roomNo: c.optionalString('roomNo'),
              isPartyMember: c.optionalBoolean('isPartyMember'),
              disqualified: c.optionalBoolean('disqualified'),
            }),
            1,
          )
        : null,
    objectionFinding: v.optionalString('objectionFinding'),
    reviewYear: stage === 'annual-ratings' ? v.int('reviewYear', 2000, 2100) : null,
    ratings:
      stage === 'annual-ratings'
        ? v.list('ratings', (r) => ({
            name: r.string('name', 100),
            companyName: r.optionalString('companyName'),
            averageScore: r.number('averageScore', 0, 100),
            rating: r.string('rating', 8),
          }))
        : null,
  };
}

@Injectable()
export class LoadOwnerRegisterHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.load-owner-register';
  private readonly logger = new Logger(LoadOwnerRegisterHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly owners: OwnersRepository,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const totals = registerTotals(await this.owners.entriesOf(compound.id));
      if (totals.totalOwners === 0)
        throw new JobDataError(`小区“${compound.name}”（${compound.id}）的业主名册为空，请先登记业主（owner register is empty）`);
      return { totalArea: totals.totalArea, totalOwners: totals.totalOwners };
    });
  }
}
