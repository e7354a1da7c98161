import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CommitteeEventKind = 'registered' | 'by-elected' | 'member-removed' | 'dissolved' | 'rectification-notice';

/**
 * The committee's history, one row per job that changed it (unique job key: a retried job
 * finds its own row and answers what it answered the first time, from `result`).
 */
@Entity({ name: 'committee_events' })
@Index('idx_committee_events_compound', ['compoundId', 'occurredAt'])
export class CommitteeEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_committee_events_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'varchar', length: 64 })
  jobKey!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ name: 'committee_id', type: 'uuid', nullable: true })
  committeeId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind!: CommitteeEventKind;

  /** One line in Chinese for the history view. */
  @Column({ type: 'text' })
  summary!: string;

  /** The job's result variables, answered again on a retry. */
  @Column({ type: 'jsonb' })
  result!: Record<string, unknown>;

  @Column({ name: 'process_instance_key', type: 'bigint', nullable: true })
  processInstanceKey!: string | null;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
