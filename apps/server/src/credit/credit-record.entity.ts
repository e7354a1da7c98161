import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** 信用档案 (4.4.3.2): a serious non-compliance of an owners' committee or one member. */
@Entity({ name: 'credit_records' })
@Index('idx_credit_records_org_path', ['orgPath', 'recordedAt'])
export class CreditRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_credit_records_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64 })
  orgUnitId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  /** `committee` or `member`. */
  @Column({ type: 'varchar', length: 16 })
  target!: string;

  @Column({ name: 'member_name', type: 'varchar', length: 100, nullable: true })
  memberName!: string | null;

  /** complaint, missed-report, seal-misuse, supervision. */
  @Column({ name: 'finding_type', type: 'varchar', length: 32 })
  findingType!: string;

  @Column({ name: 'finding_description', type: 'text' })
  findingDescription!: string;

  @Column({ name: 'investigation_findings', type: 'text' })
  investigationFindings!: string;

  @Column({ name: 'committee_id', type: 'uuid', nullable: true })
  committeeId!: string | null;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
