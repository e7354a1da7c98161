/** 印章代管 (4.4.3.3): recording hand-overs once per job, and a compound's custody history. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import type { SealCustodyDto } from './seal-custody.dto';
import { SealCustodyEntity } from './seal-custody.entity';

export type NewSealCustody = Omit<SealCustodyEntity, 'id' | 'createdAt'>;

@Injectable()
export class SealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  async record(custody: NewSealCustody, manager: EntityManager = this.dataSource.manager): Promise<SealCustodyEntity> {
    const repo = manager.getRepository(SealCustodyEntity);
    await repo
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), ...custody })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ jobKey: custody.jobKey });
  }

  async history(principal: Principal, orgUnitId: string): Promise<SealCustodyDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units, { officialsOnly: true, what: '印章代管记录' });
    const { sql, params } = recordFilterSql('s.org_path', filter);
    const rows = await this.dataSource
      .getRepository(SealCustodyEntity)
      .createQueryBuilder('s')
      .where(sql, params)
      .orderBy('s.created_at', 'DESC')
      .limit(500)
      .getMany();
    return rows.map((s) => ({
      id: s.id,
      compoundId: s.compoundId,
      custodianUnitId: s.custodianUnitId,
      seals: s.seals,
      handoverDate: s.handoverDate,
      note: s.note,
      processInstanceKey: s.processInstanceKey,
      recordedAt: s.createdAt.toISOString(),
    }));
  }
}
