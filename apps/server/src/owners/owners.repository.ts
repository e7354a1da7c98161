/** Queries over the owner register (业主名册). */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OwnerRegisterEntry } from '@rp/domain';
import { OwnerRegisterEntryEntity } from './owner-register-entry.entity';

@Injectable()
export class OwnersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async entriesOf(compoundId: string): Promise<OwnerRegisterEntry[]> {
    const rows = await this.dataSource.getRepository(OwnerRegisterEntryEntity).find({ where: { compoundId }, order: { roomNo: 'ASC' } });
    return rows.map(({ roomNo, ownerName, areaHundredths }) => ({ roomNo, ownerName, areaHundredths }));
  }

  /** Adds rooms not yet registered; registered rooms are left as they are. */
  async insertMissing(
    compoundId: string,
    entries: readonly OwnerRegisterEntry[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (entries.length === 0) return;
    await manager
      .getRepository(OwnerRegisterEntryEntity)
      .createQueryBuilder()
      .insert()
      .values(
        entries.map((e) => ({ id: randomUUID(), compoundId, roomNo: e.roomNo, ownerName: e.ownerName, areaHundredths: e.areaHundredths })),
      )
      .orIgnore()
      .execute();
  }
}
