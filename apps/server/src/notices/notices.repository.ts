/** Queries over notices; the service decides what to publish. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordFilterSql, type RecordFilter } from '../unit-records/unit-records';
import { NoticeEntity } from './notice.entity';

export type NewNotice = Omit<NoticeEntity, 'id' | 'publishedAt'>;

@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts once per job key; answers the row the job key holds either way. */
  async insertOnce(notice: NewNotice): Promise<NoticeEntity> {
    const repo = this.dataSource.getRepository(NoticeEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), ...notice })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ jobKey: notice.jobKey });
  }

  list(filter: RecordFilter, limit: number): Promise<NoticeEntity[]> {
    const { sql, params } = recordFilterSql('n.org_path', filter);
    return this.dataSource
      .getRepository(NoticeEntity)
      .createQueryBuilder('n')
      .where(sql, params)
      .orderBy('n.published_at', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
