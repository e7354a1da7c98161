/**
 * Admins managing users and their memberships, only inside the subtrees they administer.
 *
 * - A user is visible to an admin when at least one of the user's memberships lies in the
 *   admin's subtree; otherwise reads and writes answer 404.
 * - Changing the user itself (name, password, active) needs *every* membership inside the
 *   subtree: someone who also holds a role elsewhere is visible but answers 403.
 * - A membership can be added or removed when its unit is inside the subtree (403 when the
 *   unit is visible but outside, 404 when it is invisible or unknown).
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, forbidden, notFound } from '../common/app-error';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { isUniqueViolation } from '../org/postgres-errors';
import type { CreateUserDto, ListUsersQuery, MembershipInput, UpdateUserDto, UserDto, UserPageDto } from './dtos/user.dto';
import { toMembershipDto } from './membership-view';
import { PasswordHasher } from './password-hasher';
import type { UserEntity } from './user.entity';
import { UsersRepository, type MembershipRow } from './users.repository';

const DEFAULT_PAGE_SIZE = 50;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly units: OrgUnitsRepository,
    private readonly passwords: PasswordHasher,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(principal: Principal, query: ListUsersQuery): Promise<UserPageDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    const under = query.orgUnitId ? scope.assertVisible(await this.units.findById(query.orgUnitId)) : undefined;
    const { ids, total } = await this.users.search({
      withinPaths: scope.managedRoots,
      ...(under ? { underPath: under.path } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.q ? { text: query.q } : {}),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      offset: query.offset ?? 0,
    });
    const [users, memberships] = await Promise.all([this.users.findByIds(ids), this.users.membershipsOf(ids)]);
    const byId = new Map(users.map((user) => [user.id, user]));
    const items = ids.flatMap((id) => {
      const user = byId.get(id);
      return user
        ? [
            toUserDto(
              scope,
              user,
              memberships.filter((m) => m.userId === id),
            ),
          ]
        : [];
    });
    return { items, total };
  }

  async get(principal: Principal, id: string): Promise<UserDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    const { user, memberships } = await this.loadVisible(scope, id);
    return toUserDto(scope, user, memberships);
  }

  async create(principal: Principal, input: CreateUserDto): Promise<UserDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    await this.assertUnitsManageable(scope, input.memberships);
    const passwordHash = await this.passwords.hash(input.password);
    const id = randomUUID();
    // The user and all its memberships, or nothing.
    await this.translateConflicts(() =>
      this.dataSource.transaction(async (manager) => {
        await this.users.insertUser({ id, username: input.username, displayName: input.displayName, passwordHash, active: true }, manager);
        for (const membership of input.memberships) {
          await this.users.insertMembership(
            { id: randomUUID(), userId: id, orgUnitId: membership.orgUnitId, role: membership.role },
            manager,
          );
        }
      }),
    );
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, input: UpdateUserDto): Promise<UserDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    const { memberships } = await this.loadVisible(scope, id);
    if (!memberships.every((m) => scope.canManage(m.orgUnitPath))) throw forbidden('该用户在您管理范围之外另有成员身份，不能修改');
    if (input.active === false && id === principal.userId) throw forbidden('不能停用自己的账号');
    const passwordHash = input.password === undefined ? undefined : await this.passwords.hash(input.password);
    const patch = {
      ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
      ...(input.active === undefined ? {} : { active: input.active }),
      ...(passwordHash === undefined ? {} : { passwordHash }),
    };
    if (Object.keys(patch).length > 0) await this.users.updateUser(id, patch);
    return this.get(principal, id);
  }

  async addMembership(principal: Principal, userId: string, input: MembershipInput): Promise<UserDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    await this.loadVisible(scope, userId);
    await this.assertUnitsManageable(scope, [input]);
    await this.translateConflicts(() =>
      this.users.insertMembership({ id: randomUUID(), userId, orgUnitId: input.orgUnitId, role: input.role }),
    );
    return this.get(principal, userId);
  }

  async removeMembership(principal: Principal, userId: string, membershipId: string): Promise<UserDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    await this.dataSource.transaction(async (manager) => {
      // Lock the user so two removals cannot both pass the last-membership check.
      await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const { memberships } = await this.loadVisible(scope, userId, manager);
      const membership = memberships.find((m) => m.id === membershipId);
      if (!membership) throw notFound('成员身份');
      if (!scope.canManage(membership.orgUnitPath)) throw forbidden('该成员身份不在您的管理范围内');
      if (memberships.length === 1) throw new AppError(ErrorCode.Conflict, '用户至少要保留一个成员身份；要停用账号请设置 active=false');
      await this.users.deleteMembership(membership.id, manager);
    });
    return this.get(principal, userId);
  }

  private async loadVisible(
    scope: OrgScope,
    id: string,
    manager?: EntityManager,
  ): Promise<{ user: UserEntity; memberships: MembershipRow[] }> {
    const [user, memberships] = await Promise.all([this.users.findById(id, manager), this.users.membershipsOf([id], manager)]);
    if (!user || !memberships.some((m) => scope.canManage(m.orgUnitPath))) throw notFound('用户');
    return { user, memberships };
  }

  private async assertUnitsManageable(scope: OrgScope, memberships: readonly MembershipInput[]): Promise<void> {
    const units = new Map((await this.units.findByIds([...new Set(memberships.map((m) => m.orgUnitId))])).map((unit) => [unit.id, unit]));
    memberships.forEach((membership, index) => {
      const unit = units.get(membership.orgUnitId);
      if (!unit || !scope.canSee(unit.path)) {
        throw new AppError(ErrorCode.NotFound, `组织单元“${membership.orgUnitId}”不存在`, { field: `memberships[${index}].orgUnitId` });
      }
      if (!scope.canManage(unit.path)) throw forbidden(`组织单元“${unit.name}”不在您的管理范围内`);
    });
  }

  private async translateConflicts<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_username')) throw new AppError(ErrorCode.Conflict, '用户名已被使用');
      if (isUniqueViolation(error, 'uq_memberships_user_unit_role')) throw new AppError(ErrorCode.Conflict, '该用户在此单元已有这一角色');
      throw error;
    }
  }
}

function toUserDto(scope: OrgScope, user: UserEntity, memberships: readonly MembershipRow[]): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    active: user.active,
    memberships: memberships.filter((m) => scope.canManage(m.orgUnitPath)).map(toMembershipDto),
    manageable: memberships.every((m) => scope.canManage(m.orgUnitPath)),
  };
}
