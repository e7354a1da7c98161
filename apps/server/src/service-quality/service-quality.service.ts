/** The 三单一访 service-quality ledger (7.1.2): one row per supervision, rating or follow-up job. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceQualityRecordEntity } from './service-quality-record.entity';

export type NewServiceQualityRecord = Omit<ServiceQualityRecordEntity, 'id' | 'createdAt'>;

@Injectable()
export class ServiceQualityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts once per job key and answers the stored row (a retry answers what the first run decided). */
  async record(record: NewServiceQualityRecord): Promise<ServiceQualityRecordEntity> {
    const repo = this.dataSource.getRepository(ServiceQualityRecordEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), ...record })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ jobKey: record.jobKey });
  }
}
