/**
 * The organisation tree: reading it within what the principal may see, and admins changing
 * it within what they manage (see OrgScope for the 403/404 rules).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canBeChildOf, childPath, isWithin, ORG_LEVEL_NAMES, pathIds } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, invalidField, notFound } from '../common/app-error';
import type { CreateOrgUnitDto, ListOrgUnitsQuery, OrgUnitDetailDto, OrgUnitDto, UpdateOrgUnitDto } from './dtos/org-unit.dto';
import type { OrgUnitEntity } from './org-unit.entity';
import { OrgScope } from './org-scope';
import { OrgUnitsRepository } from './org-units.repository';
import { isUniqueViolation } from './postgres-errors';

@Injectable()
export class OrgService {
  constructor(
    private readonly units: OrgUnitsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Every unit in the principal's subtrees (ancestors are reachable through `get`). */
  async list(principal: Principal, query: ListOrgUnitsQuery): Promise<OrgUnitDto[]> {
    const scope = OrgScope.of(principal);
    let roots = scope.visibleRoots;
    if (query.under) {
      const under = scope.assertVisible(await this.units.findById(query.under));
      // Below `under`, but only what a visible root covers.
      roots = roots.flatMap((root) => (isWithin(under.path, root) ? [under.path] : isWithin(root, under.path) ? [root] : []));
    }
    const rows = await this.units.within(roots, query.level ? { level: query.level } : {});
    return rows.map((row) => toDto(row, scope));
  }

  async get(principal: Principal, id: string): Promise<OrgUnitDetailDto> {
    const scope = OrgScope.of(principal);
    const unit = scope.assertVisible(await this.units.findById(id));
    const [ancestors, children] = await Promise.all([
      this.units.findByIds(pathIds(unit.path).filter((ancestorId) => ancestorId !== unit.id)),
      this.units.children(unit.id),
    ]);
    return {
      ...toDto(unit, scope),
      ancestors: ancestors.filter((a) => scope.canSee(a.path)).map((a) => toDto(a, scope)),
      children: children.filter((c) => scope.canSee(c.path)).map((c) => toDto(c, scope)),
    };
  }

  async create(principal: Principal, input: CreateOrgUnitDto): Promise<OrgUnitDetailDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    const parent = scope.assertManageable(await this.units.findById(input.parentId));
    if (!canBeChildOf(input.level, parent.level)) {
      throw invalidField('level', 'levelNotAllowed', `${ORG_LEVEL_NAMES[parent.level]}之下不能设立${ORG_LEVEL_NAMES[input.level]}`);
    }
    try {
      await this.units.insert({
        id: input.id,
        name: input.name,
        level: input.level,
        parentId: parent.id,
        path: childPath(parent.path, input.id),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(ErrorCode.Conflict, `组织单元 id “${input.id}” 已被使用`);
      throw error;
    }
    return this.get(principal, input.id);
  }

  async update(principal: Principal, id: string, input: UpdateOrgUnitDto): Promise<OrgUnitDetailDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    await this.dataSource.transaction(async (manager) => {
      const unit = scope.assertManageable(await this.units.findById(id, manager));
      if (input.name !== undefined && input.name !== unit.name) await this.units.rename(unit.id, input.name, manager);
      if (input.parentId !== undefined && input.parentId !== unit.parentId) {
        const parent = scope.assertManageable(await this.units.findById(input.parentId, manager));
        if (isWithin(parent.path, unit.path)) throw invalidField('parentId', 'cycle', '不能移到自身或其下级单元之下');
        if (!canBeChildOf(unit.level, parent.level)) {
          throw invalidField('parentId', 'levelNotAllowed', `${ORG_LEVEL_NAMES[parent.level]}之下不能设立${ORG_LEVEL_NAMES[unit.level]}`);
        }
        await this.units.move(unit.id, parent.id, unit.path, childPath(parent.path, unit.id), manager);
      }
    });
    return this.get(principal, id);
  }

  /** For other features: a unit by id, or 404. */
  async require(id: string): Promise<OrgUnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit) throw notFound('组织单元');
    return unit;
  }
}

export function toDto(unit: OrgUnitEntity, scope: OrgScope): OrgUnitDto {
  return {
    id: unit.id,
    name: unit.name,
    level: unit.level,
    levelName: ORG_LEVEL_NAMES[unit.level],
    parentId: unit.parentId,
    path: pathIds(unit.path),
    manageable: scope.canManage(unit.path),
  };
}
