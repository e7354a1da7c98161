import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The service-quality ledger of 三单一访 (7.1.2, 7.2.1): supervision of overdue orders,
 * residents' ratings and branch follow-ups, one row per job, for the monthly evaluation.
 */
@Entity({ name: 'service_quality_records' })
@Index('idx_service_quality_org_path', ['orgPath', 'createdAt'])
export class ServiceQualityRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_service_quality_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  /** `supervision`, `rating` or `follow-up`. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64 })
  orgUnitId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  satisfaction!: string | null;

  @Column({ name: 'rating_score', type: 'smallint', nullable: true })
  ratingScore!: number | null;

  @Column({ name: 'auto_rated', type: 'boolean', nullable: true })
  autoRated!: boolean | null;

  @Column({ name: 'follow_up_sampled', type: 'boolean', nullable: true })
  followUpSampled!: boolean | null;

  @Column({ name: 'problem_resolved', type: 'boolean', nullable: true })
  problemResolved!: boolean | null;

  /** Escalation reason, supervision note, rating comment or follow-up result. */
  @Column({ type: 'jsonb' })
  notes!: Record<string, string>;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
