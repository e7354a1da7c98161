/** Queries over users and memberships; services decide, this only reads and writes rows. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrgLevel, RoleId } from '@rp/domain';
import { MembershipEntity } from './membership.entity';
import { UserEntity } from './user.entity';

/** A membership with the unit it is held in. */
export interface MembershipRow {
  readonly id: string;
  readonly userId: string;
  readonly role: RoleId;
  readonly orgUnitId: string;
  readonly orgUnitName: string;
  readonly orgUnitLevel: OrgLevel;
  readonly orgUnitPath: string;
}

export interface UserSearch {
  /** Only users with a membership at or below one of these paths… */
  readonly withinPaths: readonly string[];
  /** …that is also at or below this path… */
  readonly underPath?: string;
  /** …and of this role. */
  readonly role?: RoleId;
  /** Substring of username or display name. */
  readonly text?: string;
  readonly limit: number;
  readonly offset: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private users(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(UserEntity);
  }

  private memberships(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(MembershipEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ id });
  }

  findByUsername(username: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ username });
  }

  async findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return [];
    return this.users().createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).orderBy('u.username').getMany();
  }

  /**
   * What the auth guard needs on every request, in one round trip: the user's name and whether
   * they are active, with their memberships. Null for an unknown user.
   */
  async principalOf(userId: string): Promise<ActivePrincipalRow | null> {
    const rows: ActivePrincipalRow[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.active,
              COALESCE(json_agg(json_build_object('id', m.id, 'role', m.role, 'orgUnitId', m.org_unit_id, 'orgUnitPath', o.path)
                                ORDER BY o.path, m.role) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id
         LEFT JOIN org_units o ON o.id = m.org_unit_id
        WHERE u.id = $1
        GROUP BY u.id`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async membershipsOf(userIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<MembershipRow[]> {
    if (userIds.length === 0) return [];
    return manager.query(
      `SELECT m.id, m.user_id AS "userId", m.role, m.org_unit_id AS "orgUnitId", o.name AS "orgUnitName",
              o.level AS "orgUnitLevel", o.path AS "orgUnitPath"
         FROM memberships m JOIN org_units o ON o.id = m.org_unit_id
        WHERE m.user_id = ANY($1::uuid[])
        ORDER BY o.path, m.role`,
      [userIds],
    );
  }

  async search(search: UserSearch): Promise<{ ids: string[]; total: number }> {
    if (search.withinPaths.length === 0) return { ids: [], total: 0 };
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const membership = [
      `(${search.withinPaths.map((path) => `o.path LIKE ${param(`${path}%`)}`).join(' OR ')})`,
      ...(search.underPath ? [`o.path LIKE ${param(`${search.underPath}%`)}`] : []),
      ...(search.role ? [`m.role = ${param(search.role)}`] : []),
    ];
    const user = search.text
      ? [`(u.username ILIKE ${param(`%${escapeLike(search.text)}%`)} OR u.display_name ILIKE $${params.length})`]
      : [];
    const rows: { id: string; total: string }[] = await this.dataSource.query(
      `SELECT u.id, count(*) OVER () AS total
         FROM users u
        WHERE EXISTS (SELECT 1 FROM memberships m JOIN org_units o ON o.id = m.org_unit_id
                       WHERE m.user_id = u.id AND ${membership.join(' AND ')})
          ${user.map((condition) => `AND ${condition}`).join(' ')}
        ORDER BY u.username
        LIMIT ${param(search.limit)} OFFSET ${param(search.offset)}`,
      params,
    );
    return {
      ids: rows.map((row) => row.id),
      total: rows.length > 0 ? Number(rows[0].total) : search.offset > 0 ? await this.count(search) : 0,
    };
  }

  /** Total matches when the requested page is past the end (the window count saw no rows). */
  private async count(search: UserSearch): Promise<number> {
    const { total } = await this.search({ ...search, offset: 0, limit: 1 });
    return total;
  }

  async insertUser(
    user: Pick<UserEntity, 'id' | 'username' | 'displayName' | 'passwordHash' | 'active'>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.users(manager).insert(user);
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<UserEntity, 'displayName' | 'passwordHash' | 'active'>>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.users(manager).update({ id }, patch);
  }

  async insertMembership(
    membership: Pick<MembershipEntity, 'id' | 'userId' | 'orgUnitId' | 'role'>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.memberships(manager).insert(membership);
  }

  async deleteMembership(id: string, manager?: EntityManager): Promise<void> {
    await this.memberships(manager).delete({ id });
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ActivePrincipalRow {
  readonly id: string;
  readonly username: string;
  readonly active: boolean;
  readonly memberships: readonly { id: string; role: RoleId; orgUnitId: string; orgUnitPath: string }[];
}
