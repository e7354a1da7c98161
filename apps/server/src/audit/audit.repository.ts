/** Writes and reads the audit log; services decide, this only runs queries. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntryEntity, type AuditAction } from './audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'at'>;

export interface AuditSearch {
  readonly withinPaths: readonly string[];
  readonly action?: AuditAction;
  readonly userId?: string;
  readonly taskKey?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly offset: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(entry: NewAuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AuditEntryEntity).insert(entry as QueryDeepPartialEntity<AuditEntryEntity>);
  }

  forTask(taskKey: string): Promise<AuditEntryEntity[]> {
    return this.dataSource.getRepository(AuditEntryEntity).find({ where: { taskKey }, order: { at: 'ASC', id: 'ASC' } });
  }

  async search(search: AuditSearch): Promise<{ items: AuditEntryEntity[]; total: number }> {
    if (search.withinPaths.length === 0) return { items: [], total: 0 };
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    query.where(
      `(${search.withinPaths.map((_, i) => `a.org_path LIKE :p${i}`).join(' OR ')})`,
      Object.fromEntries(search.withinPaths.map((p, i) => [`p${i}`, `${p}%`])),
    );
    if (search.action) query.andWhere('a.action = :action', { action: search.action });
    if (search.userId) query.andWhere('a.user_id = :userId', { userId: search.userId });
    if (search.taskKey) query.andWhere('a.task_key = :taskKey', { taskKey: search.taskKey });
    if (search.from) query.andWhere('a.at >= :from', { from: search.from });
    if (search.to) query.andWhere('a.at < :to', { to: search.to });
    const [items, total] = await query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(search.limit)
      .skip(search.offset)
      .getManyAndCount();
    return { items, total };
  }
}
