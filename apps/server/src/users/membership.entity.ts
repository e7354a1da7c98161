import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { RoleId } from '@rp/domain';
import { OrgUnitEntity } from '../org/org-unit.entity';
import { UserEntity } from './user.entity';

/** A role a user holds in one organisation unit; its candidate group is `<role>:<orgUnitId>`. */
@Entity({ name: 'memberships' })
@Unique('uq_memberships_user_unit_role', ['userId', 'orgUnitId', 'role'])
export class MembershipEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_memberships_user' })
  user?: UserEntity;

  @Index('idx_memberships_org_unit_id')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 64 })
  orgUnitId!: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'fk_memberships_org_unit' })
  orgUnit?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 32 })
  role!: RoleId;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
