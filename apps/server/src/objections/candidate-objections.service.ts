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
import { OrgScope } from '../org/org-scope';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import { UserEntity } from '../users/user.entity';
import type { CandidateObjectionDto, CandidateSlateDto, LodgeObjectionDto } from './candidate-objection.dto';
import { CandidateObjectionEntity } from './candidate-objection.entity';
import { publicisedRoster } from './publicised-roster';

const P1 = 'committee-candidate-vetting';
export const OBJECTION_LIST_LIMIT = 200;
export const SLATE_LIST_LIMIT = 50;

@Injectable()
export class CandidateObjectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngineService,
    private readonly units: OrgUnitsRepository,
  ) {}

  /** `now` defaults to engine time: the publicity period is the diagram's timer, which runs on the engine clock. */
  async lodge(principal: Principal, input: LodgeObjectionDto, now: Date = this.engine.now()): Promise<CandidateObjectionDto> {
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

  /**
   * Candidate slates the caller may object to now: the latest candidates notice of each P1
   * instance whose compound lies in one of the caller's units (the rule `lodge` applies) and
   * whose publicity has not ended on engine time; soonest end first. `orgUnitId` narrows to
   * that unit's subtree (404 when the caller cannot see it).
   */
  async slates(principal: Principal, orgUnitId?: string, now: Date = this.engine.now()): Promise<CandidateSlateDto[]> {
    const roots = OrgScope.of(principal).visibleRoots;
    if (roots.length === 0) return [];
    const params: unknown[] = [P1, now, SLATE_LIST_LIMIT];
    const within = roots.map((root) => `n.org_path LIKE $${params.push(`${root}%`)}`).join(' OR ');
    let narrow = '';
    if (orgUnitId !== undefined) {
      const unit = OrgScope.of(principal).assertVisible(await this.units.findById(orgUnitId));
      narrow = `AND n.org_path LIKE $${params.push(`${unit.path}%`)}`;
    }
    const rows: SlateRow[] = await this.dataSource.query(
      `SELECT n.id, n.process_instance_key::text AS process_instance_key, n.org_unit_id, u.name AS compound_name, n.title, n.body,
              n.publicity_start, n.publicity_end,
              EXISTS (SELECT 1 FROM candidate_objections o WHERE o.notice_id = n.id) AS objected
         FROM notices n JOIN org_units u ON u.id = n.org_unit_id
        WHERE n.kind = 'candidates' AND n.bpmn_process_id = $1 AND n.publicity_end > $2 AND (${within}) ${narrow}
          AND NOT EXISTS (SELECT 1 FROM notices m WHERE m.process_instance_key = n.process_instance_key
                            AND m.kind = 'candidates' AND m.published_at > n.published_at)
        ORDER BY n.publicity_end, n.id
        LIMIT $3`,
      params,
    );
    return rows.map((r) => ({
      noticeId: r.id,
      processInstanceKey: r.process_instance_key,
      compoundId: r.org_unit_id,
      compoundName: r.compound_name,
      title: r.title,
      body: r.body,
      candidates: publicisedRoster(r.body),
      publicityStart: r.publicity_start.toISOString(),
      publicityEnd: r.publicity_end.toISOString(),
      objectionLodged: r.objected,
    }));
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

interface SlateRow {
  readonly id: string;
  readonly process_instance_key: string;
  readonly org_unit_id: string;
  readonly compound_name: string;
  readonly title: string;
  readonly body: string;
  readonly publicity_start: Date;
  readonly publicity_end: Date;
  readonly objected: boolean;
}
