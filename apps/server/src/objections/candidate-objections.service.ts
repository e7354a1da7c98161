/**
 * 候选人公示期间的异议 (P1, 4.2.3.3): an owner or official of the compound objects to a
 * publicised slate; the objection is recorded and published to the engine as the message
 * `candidate-objection` (correlation key compoundId), which interrupts the publicity period
 * for 核查异议. The message lives until the notice's publicity period ends (its TTL).
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CANDIDATE_OBJECTION_MESSAGE, publicisedCandidateNames } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, invalidField, notFound } from '../common/app-error';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import { NoticeEntity } from '../notices/notice.entity';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import { UserEntity } from '../users/user.entity';
import type { CandidateObjectionDto, LodgeObjectionDto } from './candidate-objection.dto';
import { CandidateObjectionEntity } from './candidate-objection.entity';

const P1 = 'committee-candidate-vetting';
export const OBJECTION_LIST_LIMIT = 200;

@Injectable()
export class CandidateObjectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngineService,
    private readonly units: OrgUnitsRepository,
  ) {}

  async lodge(principal: Principal, input: LodgeObjectionDto, now = new Date()): Promise<CandidateObjectionDto> {
    const notice = await this.dataSource.getRepository(NoticeEntity).findOneBy({ id: input.noticeId });
    // Only people of the compound (or of a unit above it) may object; others do not learn the notice exists.
    if (!notice || !principal.memberships.some((m) => notice.orgPath.startsWith(m.orgUnitPath))) throw notFound('公示');
    if (notice.kind !== 'candidates' || notice.bpmnProcessId !== P1)
      throw invalidField('noticeId', 'notCandidateNotice', '该公告不是业主委员会候选人公示');
    if (input.candidateName !== undefined && !publicisedCandidateNames(notice.body).includes(input.candidateName))
      throw invalidField('candidateName', 'notPublicised', `“${input.candidateName}”不在公示的候选人名单中`);
    if (notice.publicityEnd.getTime() <= now.getTime()) throw new AppError(ErrorCode.Conflict, '公示期已结束，不能再提出异议');
    const newer = await this.dataSource
      .getRepository(NoticeEntity)
      .createQueryBuilder('n')
      // compared in SQL: published_at has microseconds, a JavaScript Date only milliseconds
      .where('n.process_instance_key = :key AND n.kind = :kind AND n.published_at > (SELECT published_at FROM notices WHERE id = :id)', {
        key: notice.processInstanceKey,
        kind: 'candidates',
        id: notice.id,
      })
      .getExists();
    if (newer) throw new AppError(ErrorCode.Conflict, '该公示已被新的候选人公示取代，请对最新公示提出异议');

    const objector = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: principal.userId });
    const objection: CandidateObjectionEntity = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CandidateObjectionEntity)
        .values({
          id: randomUUID(),
          noticeId: notice.id,
          processInstanceKey: notice.processInstanceKey,
          compoundId: notice.orgUnitId,
          orgPath: notice.orgPath,
          candidateName: input.candidateName ?? null,
          objectionText: input.objectionText,
          objectorUserId: principal.userId,
          objectorName: objector.displayName,
        })
        .orIgnore()
        .returning('*')
        .execute();
      const row = (inserted.raw as Record<string, unknown>[])[0];
      if (!row)
        throw new AppError(ErrorCode.Conflict, '该公示已因异议中止，待社区党组织核查后重新公示', {
          errors: [{ field: 'noticeId', code: 'alreadyObjected', message: '该公示已收到异议，正在核查' }],
        });
      const saved = await manager.getRepository(CandidateObjectionEntity).findOneByOrFail({ id: String(row['id']) });
      // Published inside the transaction: when the engine refuses, nothing is recorded.
      await this.engine.grpc().publishMessage({
        name: CANDIDATE_OBJECTION_MESSAGE,
        correlationKey: notice.orgUnitId,
        messageId: saved.id,
        timeToLive: notice.publicityEnd.getTime() - now.getTime(),
        variables: {
          objectionId: saved.id,
          objectorName: saved.objectorName,
          objectionText: saved.objectionText,
          // '' rather than null: a later objection about the whole slate clears an earlier one's name
          candidateName: saved.candidateName ?? '',
        },
      });
      return saved;
    });
    return toDto(objection, notice.publicityEnd);
  }

  /** Objections in the unit's subtree and ancestors, for officials only (they name people), newest first. */
  async list(principal: Principal, orgUnitId: string): Promise<CandidateObjectionDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units, { officialsOnly: true, what: '候选人异议' });
    const { sql, params } = recordFilterSql('o.org_path', filter);
    const rows = await this.dataSource
      .getRepository(CandidateObjectionEntity)
      .createQueryBuilder('o')
      .innerJoinAndMapOne('o.notice', NoticeEntity, 'n', 'n.id = o.notice_id')
      .where(sql, params)
      .orderBy('o.lodged_at', 'DESC')
      .addOrderBy('o.id', 'ASC')
      .limit(OBJECTION_LIST_LIMIT)
      .getMany();
    return rows.map((o) => toDto(o, (o as CandidateObjectionEntity & { notice: NoticeEntity }).notice.publicityEnd));
  }
}

function toDto(o: CandidateObjectionEntity, publicityEnd: Date): CandidateObjectionDto {
  return {
    id: o.id,
    noticeId: o.noticeId,
    processInstanceKey: o.processInstanceKey,
    compoundId: o.compoundId,
    candidateName: o.candidateName,
    objectionText: o.objectionText,
    objectorName: o.objectorName,
    lodgedAt: o.lodgedAt.toISOString(),
    publicityEnd: publicityEnd.toISOString(),
  };
}
