/**
 * The analytics schema: fact tables filled by the loader from the engine's history and the
 * inbox, the targets admins set, and the loader's watermarks. Facts are plain rows keyed by
 * the engine's keys, so reloading a row is an idempotent upsert.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per process instance (running or ended). */
@Entity({ name: 'analytics_instances' })
@Index('idx_analytics_instances_process_started', ['bpmnProcessId', 'startedAt'])
@Index('idx_analytics_instances_process_ended', ['bpmnProcessId', 'endedAt'])
@Index('idx_analytics_instances_process_path', ['bpmnProcessId', 'orgPath'])
@Index('idx_analytics_instances_open', ['processInstanceKey'], { where: "state = 'ACTIVE'" })
export class AnalyticsInstanceEntity {
  @PrimaryColumn({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** From the instance's variables (`orgUnitId`, else the deepest `<level>Id`). */
  @Column({ name: 'org_unit_id', type: 'varchar', length: 64, nullable: true })
  orgUnitId!: string | null;

  /** Materialised path of the unit when loaded (C collation: prefix scans use the index). */
  @Column({ name: 'org_path', type: 'text', collation: 'C', nullable: true })
  orgPath!: string | null;

  /** ACTIVE | COMPLETED | TERMINATED (the engine's). */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'bigint', nullable: true })
  durationMs!: string | null;
}

/** One row per element instance (activity, event, gateway, …) except the process itself. */
@Entity({ name: 'analytics_element_instances' })
@Index('idx_analytics_elements_process_element_started', ['bpmnProcessId', 'elementId', 'startedAt'])
@Index('idx_analytics_elements_process_started', ['bpmnProcessId', 'startedAt'])
@Index('idx_analytics_elements_process_path', ['bpmnProcessId', 'orgPath'])
@Index('idx_analytics_elements_instance', ['processInstanceKey'])
@Index('idx_analytics_elements_open', ['elementInstanceKey'], { where: "state = 'ACTIVATED'" })
@Index('idx_analytics_elements_due', ['bpmnProcessId', 'dueAt'], { where: 'due_at IS NOT NULL' })
export class AnalyticsElementInstanceEntity {
  @PrimaryColumn({ name: 'element_instance_key', type: 'bigint' })
  elementInstanceKey!: string;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  /** Zeebe's BpmnElementType, e.g. USER_TASK. */
  @Column({ name: 'element_type', type: 'varchar', length: 64 })
  elementType!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C', nullable: true })
  orgPath!: string | null;

  /** ACTIVATED | COMPLETED | TERMINATED (the engine's). */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'bigint', nullable: true })
  durationMs!: string | null;

  /** User tasks: the inbox task's due date. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** User tasks: when someone took the task (claim or assignment), clamped into the element's lifetime. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  /** User tasks: activation → claim (unassigned, waiting). */
  @Column({ name: 'waiting_ms', type: 'bigint', nullable: true })
  waitingMs!: string | null;

  /** User tasks: claim → completion (held by someone, working). */
  @Column({ name: 'working_ms', type: 'bigint', nullable: true })
  workingMs!: string | null;
}

/** Target duration of one element (or of the whole instance: elementId = bpmnProcessId), set by admins. */
@Entity({ name: 'analytics_targets' })
export class AnalyticsTargetEntity {
  @PrimaryColumn({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @PrimaryColumn({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  @Column({ name: 'target_ms', type: 'bigint' })
  targetMs!: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The loader's progress per source table: rows started at or after `value - overlap` are re-read. */
@Entity({ name: 'analytics_watermarks' })
export class AnalyticsWatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ type: 'timestamptz' })
  value!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
