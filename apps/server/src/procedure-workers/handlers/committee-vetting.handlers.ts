/** P1 候选人推荐、提名、考察 (4.2.3.3, 4.2.3.4): slate and election checks, review departments, registration. */
import { Injectable, Logger } from '@nestjs/common';
import {
  checkElectionResult,
  checkSlate,
  DEFAULT_PARTY_SHARE_TARGET_PERCENT,
  electedMembers,
  isRegisteredOwner,
  vetCandidates,
  type DepartmentReview,
  type ElectionRow,
  type NominatedCandidate,
  type TaskType,
} from '@rp/domain';
import { CommitteesService, RegistryError } from '../../committees/committees.service';
import { OwnersRepository } from '../../owners/owners.repository';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { JobDataError, type ItemReader, type JobVariables } from '../job-variables';
import { MembershipDirectory } from '../membership-directory';
import type { ProcedureHandler } from '../procedure-handler';
import { runJob } from '../run-job';

const MAX_SEATS = 99;

@Injectable()
export class CheckSlateHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.check-slate';
  private readonly logger = new Logger(CheckSlateHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly owners: OwnersRepository,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const seats = v.int('seats', 1, MAX_SEATS);
      const partyShareTargetPercent = v.optionalInt('partyShareTargetPercent', 0, 100) ?? DEFAULT_PARTY_SHARE_TARGET_PERCENT;
      const candidates = v.list('candidates', readCandidate);
      const reviews = v.optionalList('departmentReviews', (r) => ({
        department: r.string('department', 64),
        results: r.list('results', (x) => ({
          name: x.string('name', 100),
          roomNo: x.string('roomNo', 32),
          passed: x.boolean('passed'),
          reason: x.optionalString('reason'),
        })),
      })) satisfies DepartmentReview[] | null;
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const vetted = vetCandidates(candidates, await this.owners.entriesOf(compound.id), reviews ?? []);
      const check = checkSlate({ seats, partyShareTargetPercent, candidates: vetted });
      const removed = vetted
        .filter((c) => c.disqualified)
        .map((c) => `候选人${c.name}资格审查未通过（${c.disqualifiedReasons.join('；') || '已移出'}）`);
      return { candidates: vetted, slateOk: check.ok, slateReasons: check.ok ? [] : [...check.reasons, ...removed] };
    });
  }
}

function readCandidate(c: ItemReader): NominatedCandidate {
  const reasons = c.all['disqualifiedReasons'];
  return {
    ...c.all,
    name: c.string('name', 100),
    roomNo: c.string('roomNo', 32),
    isPartyMember: c.optionalBoolean('isPartyMember'),
    disqualified: c.optionalBoolean('disqualified'),
    disqualifiedReasons: Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [],
  };
}

@Injectable()
export class ListReviewDepartmentsHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.list-review-departments';
  private readonly logger = new Logger(ListReviewDepartmentsHandler.name);

  constructor(private readonly directory: MembershipDirectory) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const streetId = v.optionalUnitId('streetId');
      const districtId = streetId ? v.optionalUnitId('districtId') : v.unitId('districtId');
      v.done();
      const [variable, id] = streetId ? ['streetId', streetId] : ['districtId', districtId ?? ''];
      const unit = await this.directory.unit(id, variable);
      const departments = await this.directory.unitsWithRoleAtOrAbove(unit.path, 'department');
      if (departments.length === 0)
        throw new JobDataError(`“${unit.name}”及其上级单位没有职能部门（department）账号，无法组织资格联审（no review departments）`);
      return { reviewDepartments: departments };
    });
  }
}

function readElectionRows(v: JobVariables): ElectionRow[] {
  return v.list(
    'electionResults',
    (r) => ({
      name: r.string('name', 100),
      roomNo: r.string('roomNo', 32),
      votes: r.int('votes', 0, 1_000_000),
      elected: r.optionalBoolean('elected') ?? false,
      isPartyMember: r.optionalBoolean('isPartyMember'),
    }),
    1,
  );
}

function readElection(v: JobVariables): {
  rows: ElectionRow[];
  ballotsCast: number;
  validBallots: number;
  invalidBallots: number;
  termStart: string;
  termEnd: string;
  seats: number | null;
  byElection: boolean;
} {
  return {
    rows: readElectionRows(v),
    ballotsCast: v.int('ballotsCast', 0, 1_000_000),
    validBallots: v.int('validBallots', 0, 1_000_000),
    invalidBallots: v.int('invalidBallots', 0, 1_000_000),
    termStart: v.date('termStart'),
    termEnd: v.date('termEnd'),
    seats: v.optionalInt('seats', 1, MAX_SEATS),
    byElection: v.optionalBoolean('byElection') ?? false,
  };
}

@Injectable()
export class CheckElectionHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.check-election';
  private readonly logger = new Logger(CheckElectionHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly owners: OwnersRepository,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      const e = readElection(v);
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      const register = await this.owners.entriesOf(compound.id);
      const members = electedMembers(e.rows).map((m) => ({
        name: m.name,
        votes: m.votes,
        isOwner: isRegisteredOwner(register, m.name, m.roomNo),
      }));
      const check = checkElectionResult({ ...e, members });
      return { electionOk: check.ok, electionReasons: [...check.reasons] };
    });
  }
}

@Injectable()
export class RegisterCommitteeHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.register-committee';
  private readonly logger = new Logger(RegisterCommitteeHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly committees: CommitteesService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const compoundId = v.unitId('compoundId');
      v.optionalUnitId('communityId');
      const rows = readElectionRows(v);
      const e = { termStart: v.date('termStart'), termEnd: v.date('termEnd'), byElection: v.optionalBoolean('byElection') ?? false };
      const seats = v.int('seats', 1, MAX_SEATS);
      const partyShareReason = v.optionalString('partyShareReason');
      const members = electedMembers(rows);
      if (rows.length > 0 && members.length === 0) v.problem('electionResults', '没有当选委员（no member marked elected）');
      v.done();
      const compound = await this.directory.unit(compoundId, 'compoundId');
      try {
        const { committeeId } = await this.committees.register({
          jobKey: job.key,
          compound,
          members,
          seats: e.byElection ? seats : Math.max(seats, members.length),
          termStart: e.termStart,
          termEnd: e.termEnd,
          partyShareReason,
          byElection: e.byElection,
          processInstanceKey: job.processInstanceKey,
        });
        return { committeeId };
      } catch (error) {
        if (error instanceof RegistryError) throw new JobDataError(error.message);
        throw error;
      }
    });
  }
}
