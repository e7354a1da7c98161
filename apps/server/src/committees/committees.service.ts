/**
 * 业主委员会名册: registering an elected committee (or a by-election's members), removing a
 * member or dissolving the committee, rectification notices, and the registry's read side.
 * Every write runs in one transaction that first claims its job key in `committee_events`;
 * a retried job finds the claim and answers the stored result without writing again.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { deregistration, rectificationDeadline, type DeregistrationTarget, type ElectionRow } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/app-error';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import { CommitteeEventEntity, type CommitteeEventKind } from './committee-event.entity';
import { CommitteeMemberEntity } from './committee-member.entity';
import { CommitteeEntity } from './committee.entity';
import type { CommitteeDetailDto, CommitteeDto } from './committee.dto';
import { RectificationNoticeEntity } from './rectification-notice.entity';

export interface UnitRef {
  readonly id: string;
  readonly path: string;
}

export interface RegisterCommittee {
  readonly jobKey: string;
  readonly compound: UnitRef;
  readonly members: readonly ElectionRow[];
  readonly seats: number;
  readonly termStart: string;
  readonly termEnd: string;
  readonly partyShareReason: string | null;
  readonly byElection: boolean;
  readonly processInstanceKey: string | null;
}

export interface DeregisterCommittee {
  readonly jobKey: string;
  readonly compound: UnitRef;
  readonly target: DeregistrationTarget;
  readonly memberName: string | null;
  readonly meetingDate: string;
  readonly processInstanceKey: string;
}

export interface IssueRectification {
  readonly jobKey: string;
  readonly compound: UnitRef;
  readonly target: DeregistrationTarget;
  readonly memberName: string | null;
  readonly requirements: string;
  readonly days: number;
  readonly now: Date;
  readonly processInstanceKey: string;
}

/** A rule of the registry the job broke (no committee to change, an unknown member). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

@Injectable()
export class CommitteesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  /** Registers the elected committee (superseding the compound's active one), or adds a by-election's members to it. */
  async register(r: RegisterCommittee): Promise<{ committeeId: string }> {
    return this.once(
      r.jobKey,
      async (manager) => {
        const committees = manager.getRepository(CommitteeEntity);
        const active = await this.activeCommittee(manager, r.compound.id);
        let committee: CommitteeEntity;
        let kind: CommitteeEventKind;
        if (r.byElection) {
          if (!active)
            throw new RegistryError(`小区${r.compound.id}没有在册的业主委员会，无法登记补选结果（no active committee for a by-election）`);
          committee = active;
          kind = 'by-elected';
        } else {
          if (active) await this.endCommittee(manager, active, 'superseded', r.termStart, '新一届业主委员会备案');
          committee = await committees.save(
            committees.create({
              id: randomUUID(),
              compoundId: r.compound.id,
              orgPath: r.compound.path,
              seats: r.seats,
              termStart: r.termStart,
              termEnd: r.termEnd,
              status: 'active',
              partyShareReason: r.partyShareReason,
              processInstanceKey: r.processInstanceKey,
              endedAt: null,
            }),
          );
          kind = 'registered';
        }
        const members = manager.getRepository(CommitteeMemberEntity);
        await members.save(
          r.members.map((m) =>
            members.create({
              id: randomUUID(),
              committeeId: committee.id,
              name: m.name,
              roomNo: m.roomNo,
              votes: m.votes,
              isPartyMember: m.isPartyMember ?? null,
              status: 'serving',
              joinedOn: r.termStart,
              leftOn: null,
              leftReason: null,
            }),
          ),
        );
        const names = r.members.map((m) => m.name).join('、');
        const summary =
          kind === 'registered'
            ? `业主委员会备案：委员${r.members.length}人（${names}），任期${r.termStart}至${r.termEnd}`
            : `补选当选${r.members.length}人（${names}）`;
        return { event: { committeeId: committee.id, kind, summary }, result: { committeeId: committee.id } };
      },
      r.compound,
      r.processInstanceKey,
    );
  }

  /** Removes the member or dissolves the compound's active committee (P3 退出). */
  async deregister(d: DeregisterCommittee): Promise<{ vacantSeats: number; committeeDissolved: boolean }> {
    return this.once(
      d.jobKey,
      async (manager) => {
        const active = await this.activeCommittee(manager, d.compound.id);
        if (!active) throw new RegistryError(`小区${d.compound.id}没有在册的业主委员会（no active committee）`);
        const serving = await manager
          .getRepository(CommitteeMemberEntity)
          .find({ where: { committeeId: active.id, status: 'serving' }, order: { createdAt: 'ASC' } });
        const decided = deregistration({ seats: active.seats, activeMembers: serving.map((m) => m.name) }, d.target, d.memberName);
        if (!decided.result) throw new RegistryError(decided.reasons.join('；'));
        const outcome = decided.result;
        if (outcome.committeeDissolved) {
          await this.endCommittee(manager, active, 'dissolved', d.meetingDate, '业主大会决定解散业主委员会');
        } else {
          const leaving = new Set(outcome.leaving);
          for (const member of serving.filter((m) => leaving.has(m.name)))
            await manager
              .getRepository(CommitteeMemberEntity)
              .update({ id: member.id }, { status: 'removed', leftOn: d.meetingDate, leftReason: '业主大会表决罢免' });
        }
        const summary = outcome.committeeDissolved
          ? `业主委员会解散，空缺名额${outcome.vacantSeats}人`
          : `委员${outcome.leaving.join('、')}退出，空缺名额${outcome.vacantSeats}人`;
        const result = { vacantSeats: outcome.vacantSeats, committeeDissolved: outcome.committeeDissolved };
        return { event: { committeeId: active.id, kind: outcome.committeeDissolved ? 'dissolved' : 'member-removed', summary }, result };
      },
      d.compound,
      d.processInstanceKey,
    );
  }

  /** 整改通知书: the deadline is computed once, when the notice is first issued. */
  async issueRectification(i: IssueRectification): Promise<{ rectificationNoticeId: string; rectificationDeadline: string }> {
    const repo = this.dataSource.getRepository(RectificationNoticeEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        jobKey: i.jobKey,
        compoundId: i.compound.id,
        orgPath: i.compound.path,
        target: i.target,
        memberName: i.memberName,
        requirements: i.requirements,
        days: i.days,
        deadline: rectificationDeadline(i.now, i.days),
        processInstanceKey: i.processInstanceKey,
      })
      .orIgnore()
      .execute();
    const notice = await repo.findOneByOrFail({ jobKey: i.jobKey });
    const committee = await this.activeOf(i.compound.id);
    const subject = i.target === 'member' ? `委员${i.memberName ?? ''}` : '业主委员会';
    await this.dataSource
      .getRepository(CommitteeEventEntity)
      .createQueryBuilder()
      .insert()
      .values({
        id: randomUUID(),
        jobKey: i.jobKey,
        compoundId: i.compound.id,
        orgPath: i.compound.path,
        committeeId: committee?.id ?? null,
        kind: 'rectification-notice',
        summary: `向${subject}下达整改通知，整改期限至${notice.deadline.slice(0, 10)}`,
        result: { rectificationNoticeId: notice.id, rectificationDeadline: notice.deadline },
        processInstanceKey: i.processInstanceKey,
      })
      .orIgnore()
      .execute();
    return { rectificationNoticeId: notice.id, rectificationDeadline: notice.deadline };
  }

  /** The active committee of a compound, or undefined. */
  async activeOf(compoundId: string): Promise<CommitteeEntity | null> {
    return this.activeCommittee(this.dataSource.manager, compoundId);
  }

  async list(principal: Principal, orgUnitId: string): Promise<CommitteeDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units);
    const { sql, params } = recordFilterSql('c.org_path', filter);
    const committees = await this.dataSource
      .getRepository(CommitteeEntity)
      .createQueryBuilder('c')
      .where(sql, params)
      .orderBy('c.org_path', 'ASC')
      .addOrderBy('c.term_start', 'DESC')
      .limit(500)
      .getMany();
    const counts = await this.servingCounts(committees.map((c) => c.id));
    return committees.map((c) => toCommitteeDto(c, counts.get(c.id) ?? 0));
  }

  async detail(principal: Principal, id: string): Promise<CommitteeDetailDto> {
    const committee = await this.dataSource.getRepository(CommitteeEntity).findOneBy({ id });
    if (!committee || !OrgScope.of(principal).canSee(committee.orgPath)) throw notFound('业主委员会');
    const members = await this.dataSource
      .getRepository(CommitteeMemberEntity)
      .find({ where: { committeeId: id }, order: { joinedOn: 'ASC', votes: 'DESC', roomNo: 'ASC' } });
    const events = await this.dataSource
      .getRepository(CommitteeEventEntity)
      .find({ where: { compoundId: committee.compoundId }, order: { occurredAt: 'ASC', id: 'ASC' } });
    return {
      ...toCommitteeDto(committee, members.filter((m) => m.status === 'serving').length),
      members: members.map((m) => ({
        id: m.id,
        name: m.name,
        roomNo: m.roomNo,
        votes: m.votes,
        isPartyMember: m.isPartyMember,
        status: m.status,
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
        leftReason: m.leftReason,
      })),
      history: events
        .filter((e) => e.committeeId === id || e.committeeId === null)
        .map((e) => ({
          kind: e.kind,
          summary: e.summary,
          processInstanceKey: e.processInstanceKey,
          occurredAt: e.occurredAt.toISOString(),
        })),
    };
  }

  private async once<R extends Record<string, unknown>>(
    jobKey: string,
    work: (
      manager: EntityManager,
    ) => Promise<{ event: { committeeId: string | null; kind: CommitteeEventKind; summary: string }; result: R }>,
    compound: UnitRef,
    processInstanceKey: string | null,
  ): Promise<R> {
    return this.dataSource.transaction(async (manager) => {
      const events = manager.getRepository(CommitteeEventEntity);
      // Claim the job key first: a concurrent second activation waits here on the unique index, then finds the claim.
      const claimed = await events
        .createQueryBuilder()
        .insert()
        .values({
          id: randomUUID(),
          jobKey,
          compoundId: compound.id,
          orgPath: compound.path,
          committeeId: null,
          kind: 'registered',
          summary: '',
          result: {},
          processInstanceKey,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const claimId = (claimed.raw as { id?: string }[])[0]?.id;
      if (!claimId) return (await events.findOneByOrFail({ jobKey })).result as R;
      const { event, result } = await work(manager);
      await manager.query('UPDATE committee_events SET committee_id = $2, kind = $3, summary = $4, result = $5::jsonb WHERE id = $1', [
        claimId,
        event.committeeId,
        event.kind,
        event.summary,
        JSON.stringify(result),
      ]);
      return result;
    });
  }

  private activeCommittee(manager: EntityManager, compoundId: string): Promise<CommitteeEntity | null> {
    return manager.getRepository(CommitteeEntity).findOne({ where: { compoundId, status: 'active' }, order: { createdAt: 'DESC' } });
  }

  private async endCommittee(
    manager: EntityManager,
    committee: CommitteeEntity,
    status: 'dissolved' | 'superseded',
    on: string,
    reason: string,
  ): Promise<void> {
    await manager.getRepository(CommitteeEntity).update({ id: committee.id }, { status, endedAt: new Date() });
    await manager
      .getRepository(CommitteeMemberEntity)
      .update({ committeeId: committee.id, status: 'serving' }, { status: 'ended', leftOn: on, leftReason: reason });
  }

  private async servingCounts(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { committee_id: string; n: string }[] = await this.dataSource.query(
      `SELECT committee_id, count(*)::text AS n FROM committee_members WHERE committee_id = ANY($1::uuid[]) AND status = 'serving' GROUP BY committee_id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.committee_id, Number(r.n)]));
  }
}

function toCommitteeDto(c: CommitteeEntity, servingMembers: number): CommitteeDto {
  return {
    id: c.id,
    compoundId: c.compoundId,
    seats: c.seats,
    servingMembers,
    termStart: c.termStart,
    termEnd: c.termEnd,
    status: c.status,
    partyShareReason: c.partyShareReason,
    processInstanceKey: c.processInstanceKey,
    registeredAt: c.createdAt.toISOString(),
    endedAt: c.endedAt ? c.endedAt.toISOString() : null,
  };
}
