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
@Index('idx_analytics_instances_slowest', ['bpmnProcessId', 'durationMs'], { where: "state = 'COMPLETED'" })
@Index('idx_analytics_instances_terminated', ['bpmnProcessId', 'durationMs'], { where: "state = 'TERMINATED'" })
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
@Index('idx_analytics_elements_slowest', ['bpmnProcessId', 'elementId', 'durationMs'], { where: "state = 'COMPLETED'" })
@Index('idx_analytics_elements_terminated', ['bpmnProcessId', 'elementId', 'durationMs'], { where: "state = 'TERMINATED'" })
// The latest due-date breaches first: (bpmn_process_id, (ended_at - due_at)) over ended tasks past their due date — an
// expression index TypeORM cannot declare, created by migration AnalyticsBreachRollups.
@Index('idx_analytics_elements_due_late', { synchronize: false })
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

/**
 * Pre-aggregated durations: one row per (process, time basis, grain, unit, element, period,
 * version); the key's order serves "these units' rows" and "one level under a unit". Each fact counts in the row of its own unit and of every unit above it (the
 * materialised path's prefixes), so a subtree's figures are one row per period and element.
 * `basis` is the time a fact is filed under: `started` (every fact) or `ended` (completed
 * instances, for the trend's "completed in"). Instances have month and week rows, element
 * instances month rows; both have day rows for the city and the districts (depth ≤ 2), which
 * answer the partial months at the edges of a wide range; `elementId` '' is the whole instance. Kept by the loader in the same
 * transaction as the facts; see docs/analytics.md.
 */
@Entity({ name: 'analytics_rollups' })
// Whole-instance rows alone: by-org-unit reads one level's instance rows, which the key interleaves with every element's.
@Index('idx_analytics_rollups_instances', ['bpmnProcessId', 'basis', 'grain', 'orgDepth', 'orgPath', 'period', 'version'], {
  where: "element_id = ''",
})
export class AnalyticsRollupEntity {
  @PrimaryColumn({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  /** started | ended */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  basis!: string;

  /** month | week | day (Beijing; weeks start on Monday) */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  grain!: string;

  /** Units on the path (1 = city … 5 = compound): by-org-unit reads one level. */
  @PrimaryColumn({ name: 'org_depth', type: 'smallint' })
  orgDepth!: number;

  @PrimaryColumn({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  /** '' = the whole instance. */
  @PrimaryColumn({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  /** First day of the Beijing month or week, or the day. */
  @PrimaryColumn({ type: 'date' })
  period!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** Facts filed here, in any state. */
  @Column({ type: 'integer' })
  started!: number;

  /** Still running (ACTIVE / ACTIVATED). */
  @Column({ type: 'integer' })
  open!: number;

  @Column({ type: 'integer' })
  terminated!: number;

  @Column({ type: 'integer' })
  completed!: number;

  /** Over completed facts: sum, min, max and the log histogram (bucket index → count) of duration_ms. */
  @Column({ name: 'duration_sum', type: 'bigint' })
  durationSum!: string;

  @Column({ name: 'duration_min', type: 'bigint', nullable: true })
  durationMin!: string | null;

  @Column({ name: 'duration_max', type: 'bigint', nullable: true })
  durationMax!: string | null;

  @Column({ name: 'duration_hist', type: 'jsonb' })
  durationHist!: Record<string, number>;

  /** Log histogram of the durations of terminated facts (cancelled, or interrupted by a boundary event): target breaches. */
  @Column({ name: 'terminated_hist', type: 'jsonb' })
  terminatedHist!: Record<string, number>;

  /** Ended facts (completed or terminated) that ended after their due date; running ones are counted from the facts. */
  @Column({ name: 'due_breached', type: 'integer' })
  dueBreached!: number;

  /** Completed user tasks with a waiting/working split. */
  @Column({ name: 'split_count', type: 'integer' })
  splitCount!: number;

  @Column({ name: 'waiting_sum', type: 'bigint' })
  waitingSum!: string;

  @Column({ name: 'waiting_hist', type: 'jsonb' })
  waitingHist!: Record<string, number>;

  @Column({ name: 'working_sum', type: 'bigint' })
  workingSum!: string;

  @Column({ name: 'working_hist', type: 'jsonb' })
  workingHist!: Record<string, number>;
}
