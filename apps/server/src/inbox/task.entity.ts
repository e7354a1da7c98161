import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const TASK_STATES = ['open', 'completing', 'completed', 'canceled'] as const;
/** `open` (in the inbox), `completing` (CompleteJob in flight), `completed`, `canceled` (left without completion). */
export type TaskState = (typeof TASK_STATES)[number];

/**
 * Why a task left the inbox: completed here, completed by another client of the engine,
 * its instance was cancelled, its element was terminated (a boundary event fired, …), a
 * BPMN error was thrown on its job, or — on Zeebe, whose gateway only answers that the job
 * no longer exists — its job ended for a reason the server cannot know.
 */
export type TaskEndReason = 'completed' | 'completed-elsewhere' | 'instance-canceled' | 'element-terminated' | 'error-thrown' | 'job-ended';

/**
 * The inbox projection: one row per `io.camunda.zeebe:userTask` job key, written by the
 * inbox worker from the activated job (idempotent upsert) and changed by claims and
 * completions. The candidate arrays have GIN indexes and the sweeper a partial index of
 * open keys (created by hand in the migration, hence `synchronize: false` here).
 */
@Entity({ name: 'inbox_tasks' })
@Index('idx_inbox_tasks_assignee', ['assignee', 'state', 'createdAt'])
@Index('idx_inbox_tasks_state_created', ['state', 'createdAt'])
@Index('idx_inbox_tasks_org_path', ['orgPath', 'createdAt'])
@Index('idx_inbox_tasks_instance', ['processInstanceKey'])
@Index('idx_inbox_tasks_completed_by', ['completedBy', 'completedAt'])
@Index('idx_inbox_tasks_candidate_groups', { synchronize: false })
@Index('idx_inbox_tasks_candidate_users', { synchronize: false })
@Index('idx_inbox_tasks_open_keys', { synchronize: false })
export class TaskEntity {
  /** The job key: also the task's id in the API. */
  @PrimaryColumn({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'process_definition_key', type: 'bigint', nullable: true })
  processDefinitionKey!: string | null;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @Column({ name: 'process_name', type: 'varchar', length: 255, nullable: true })
  processName!: string | null;

  @Column({ name: 'process_version', type: 'integer' })
  processVersion!: number;

  @Column({ name: 'element_id', type: 'varchar', length: 255 })
  elementId!: string;

  @Column({ name: 'element_instance_key', type: 'bigint' })
  elementInstanceKey!: string;

  /** The user task's name from the BPMN (its element id when it has none). */
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** The `io.camunda.zeebe:formKey` header: a form key (linked form) or `camunda-forms:bpmn:<id>` (embedded). */
  @Column({ name: 'form_key', type: 'varchar', length: 255, nullable: true })
  formKey!: string | null;

  @Column({ name: 'form_id', type: 'varchar', length: 255, nullable: true })
  formId!: string | null;

  /** User id of the holder (from the assignee header, or a claim). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  assignee!: string | null;

  /** `<role>:<orgUnitId>` groups. */
  @Column({ name: 'candidate_groups', type: 'text', array: true, default: () => "'{}'" })
  candidateGroups!: string[];

  /** User ids. */
  @Column({ name: 'candidate_users', type: 'text', array: true, default: () => "'{}'" })
  candidateUsers!: string[];

  @Column({ name: 'due_date', type: 'timestamptz', nullable: true })
  dueDate!: Date | null;

  @Column({ name: 'follow_up_date', type: 'timestamptz', nullable: true })
  followUpDate!: Date | null;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64, nullable: true })
  orgUnitId!: string | null;

  /** Materialised path of the unit when projected (C collation: prefix scans use the index). */
  @Column({ name: 'org_path', type: 'text', collation: 'C', nullable: true })
  orgPath!: string | null;

  /** The variables the form reads (all job variables when the form is unknown). */
  @Column({ type: 'jsonb' })
  variables!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  state!: TaskState;

  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason!: TaskEndReason | null;

  /** When the inbox first saw the job. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Lock deadline of the latest activation (epoch ms), for diagnostics. */
  @Column({ name: 'job_deadline', type: 'bigint', nullable: true })
  jobDeadline!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 64, nullable: true })
  completedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
