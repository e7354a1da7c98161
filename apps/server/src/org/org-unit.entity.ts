import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OrgLevel } from '@rp/domain';

/**
 * One unit of the organisation tree. `path` is the materialised path (`/anyang/wf/wf-dongda/`);
 * its C collation lets the btree index serve `path LIKE '/anyang/wf/%'`, so a subtree is one
 * indexed range scan.
 */
@Entity({ name: 'org_units' })
export class OrgUnitEntity {
  /** Readable slug, also used in candidate groups (`community-party:wf-dongda`). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: OrgLevel;

  @Index('idx_org_units_parent_id')
  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_org_units_parent' })
  parent?: OrgUnitEntity | null;

  @Index('idx_org_units_path', { unique: true })
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
