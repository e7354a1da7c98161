/**
 * Who holds which role where, as the workers need it: the departments that vet candidates,
 * the property companies' party-branch secretaries and their industry party reviewers.
 * Only active users' memberships count.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrgLevel } from '@rp/domain';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { JobDataError } from './job-variables';

export interface UnitRef {
  readonly id: string;
  readonly path: string;
  readonly level: OrgLevel;
  readonly name: string;
}

export interface RoleHolder {
  readonly userId: string;
  readonly displayName: string;
  readonly orgUnitId: string;
  readonly orgUnitName: string;
  readonly orgPath: string;
}

@Injectable()
export class MembershipDirectory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  /** The unit a job variable names; an unknown unit cannot be fixed by retrying. */
  async unit(id: string, variable: string): Promise<UnitRef> {
    const unit = await this.units.findById(id);
    if (!unit) throw new JobDataError(`${variable}：组织单元“${id}”不存在（unknown org unit）`);
    return { id: unit.id, path: unit.path, level: unit.level, name: unit.name };
  }

  async unitsByIds(ids: readonly string[]): Promise<Map<string, UnitRef>> {
    const units = await this.units.findByIds([...new Set(ids)]);
    return new Map(units.map((u) => [u.id, { id: u.id, path: u.path, level: u.level, name: u.name }]));
  }

  /** Units at `path` or above it where an active user holds `role`. */
  async unitsWithRoleAtOrAbove(path: string, role: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id, u.path FROM memberships m JOIN org_units u ON u.id = m.org_unit_id JOIN users us ON us.id = m.user_id
        WHERE m.role = $2 AND us.active AND $1 LIKE u.path || '%' ORDER BY u.path, u.id`,
      [path, role],
    );
    return rows.map((r) => r.id);
  }

  /** Units where an active user holds `role`, anywhere. */
  async unitsWithRole(role: string): Promise<UnitRef[]> {
    const rows: { id: string; path: string; level: OrgLevel; name: string }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id, u.path, u.level, u.name FROM memberships m JOIN org_units u ON u.id = m.org_unit_id JOIN users us ON us.id = m.user_id
        WHERE m.role = $1 AND us.active ORDER BY u.path`,
      [role],
    );
    return rows;
  }

  /** Active holders of `role` at `path` or below (one row per user: their first such unit by path). */
  async holdersWithin(path: string, role: string): Promise<RoleHolder[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (us.id) us.id AS "userId", us.display_name AS "displayName", u.id AS "orgUnitId", u.name AS "orgUnitName", u.path AS "orgPath"
         FROM memberships m JOIN org_units u ON u.id = m.org_unit_id JOIN users us ON us.id = m.user_id
        WHERE m.role = $2 AND us.active AND u.path LIKE $1
        ORDER BY us.id, u.path`,
      [`${path}%`, role],
    );
  }

  /** Active holders of `role` exactly at the unit. */
  async holdersAt(unitId: string, role: string): Promise<RoleHolder[]> {
    return this.dataSource.query(
      `SELECT us.id AS "userId", us.display_name AS "displayName", u.id AS "orgUnitId", u.name AS "orgUnitName", u.path AS "orgPath"
         FROM memberships m JOIN org_units u ON u.id = m.org_unit_id JOIN users us ON us.id = m.user_id
        WHERE m.role = $2 AND us.active AND u.id = $1 ORDER BY us.username`,
      [unitId, role],
    );
  }
}
