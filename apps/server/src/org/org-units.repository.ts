/** Queries over org_units; services decide, this only reads and writes rows. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrgLevel } from '@rp/domain';
import { OrgUnitEntity } from './org-unit.entity';

export interface NewOrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly parentId: string | null;
  readonly path: string;
}

@Injectable()
export class OrgUnitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(OrgUnitEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<OrgUnitEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<OrgUnitEntity[]> {
    if (ids.length === 0) return [];
    return this.repo(manager).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).orderBy('u.path').getMany();
  }

  children(parentId: string): Promise<OrgUnitEntity[]> {
    return this.repo().createQueryBuilder('u').where('u.parent_id = :parentId', { parentId }).orderBy('u.path').getMany();
  }

  /** Units at or below any of the given paths (each a prefix match on the C-collated path index). */
  async within(paths: readonly string[], filter: { readonly level?: OrgLevel } = {}): Promise<OrgUnitEntity[]> {
    if (paths.length === 0) return [];
    const query = this.repo().createQueryBuilder('u');
    query.where(`(${paths.map((_, i) => `u.path LIKE :p${i}`).join(' OR ')})`, Object.fromEntries(paths.map((p, i) => [`p${i}`, `${p}%`])));
    if (filter.level) query.andWhere('u.level = :level', { level: filter.level });
    return query.orderBy('u.path').getMany();
  }

  async insert(unit: NewOrgUnit, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(unit);
  }

  async rename(id: string, name: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, { name });
  }

  /** Re-parents a unit and rewrites the paths of its whole subtree. Run inside a transaction. */
  async move(id: string, newParentId: string, oldPath: string, newPath: string, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE org_units SET parent_id = $1, updated_at = now() WHERE id = $2', [newParentId, id]);
    await manager.query(`UPDATE org_units SET path = $1 || substr(path, $2), updated_at = now() WHERE path LIKE $3`, [
      newPath,
      oldPath.length + 1,
      `${oldPath}%`,
    ]);
  }
}
