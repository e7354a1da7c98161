/** 信用档案 (4.4.3.2): recording serious non-compliance once per job, and listing it for officials. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import type { CreditRecordDto } from './credit-record.dto';
import { CreditRecordEntity } from './credit-record.entity';

export type NewCreditRecord = Omit<CreditRecordEntity, 'id' | 'recordedAt'>;

@Injectable()
export class CreditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  async record(record: NewCreditRecord): Promise<CreditRecordEntity> {
    const repo = this.dataSource.getRepository(CreditRecordEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), ...record })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ jobKey: record.jobKey });
  }

  async list(principal: Principal, orgUnitId: string): Promise<CreditRecordDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units, { officialsOnly: true, what: '信用档案' });
    const { sql, params } = recordFilterSql('c.org_path', filter);
    const rows = await this.dataSource
      .getRepository(CreditRecordEntity)
      .createQueryBuilder('c')
      .where(sql, params)
      .orderBy('c.recorded_at', 'DESC')
      .limit(500)
      .getMany();
    return rows.map((c) => ({
      id: c.id,
      orgUnitId: c.orgUnitId,
      target: c.target,
      memberName: c.memberName,
      findingType: c.findingType,
      findingDescription: c.findingDescription,
      investigationFindings: c.investigationFindings,
      committeeId: c.committeeId,
      processInstanceKey: c.processInstanceKey,
      recordedAt: c.recordedAt.toISOString(),
    }));
  }
}
