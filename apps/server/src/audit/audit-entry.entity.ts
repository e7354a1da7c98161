import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Task and start actions, and an admin's operations on an instance from 流程实例 (at most 16 characters: the column). */
export const AUDIT_ACTIONS = [
  'claim',
  'unclaim',
  'assign',
  'draft',
  'complete',
  'start',
  'cancel',
  'set-variables',
  'resolve-incident',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what to which task or process, when and from where. Append-only. */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_task', ['taskKey', 'at'])
@Index('idx_audit_log_org_path', ['orgPath', 'at'])
@Index('idx_audit_log_user', ['userId', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: AuditAction;

  @Column({ name: 'task_key', type: 'bigint', nullable: true })
  taskKey!: string | null;

  @Column({ name: 'process_instance_key', type: 'bigint', nullable: true })
  processInstanceKey!: string | null;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255, nullable: true })
  bpmnProcessId!: string | null;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64, nullable: true })
  orgUnitId!: string | null;

  @Column({ name: 'org_path', type: 'text', collation: 'C', nullable: true })
  orgPath!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  /** Action-specific facts: the new assignee, the draft's field count, the submitted variables' names, … */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
