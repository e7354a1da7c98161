import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** 整改通知书 (P3 纠错, 4.4.3.3): requirements and deadline issued to a committee or member. */
@Entity({ name: 'rectification_notices' })
@Index('idx_rectification_notices_org_path', ['orgPath', 'issuedAt'])
export class RectificationNoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_rectification_notices_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ type: 'varchar', length: 16 })
  target!: string;

  @Column({ name: 'member_name', type: 'varchar', length: 100, nullable: true })
  memberName!: string | null;

  @Column({ type: 'text' })
  requirements!: string;

  @Column({ type: 'smallint' })
  days!: number;

  /** ISO 8601 with offset, exactly as handed to the diagram's timer. */
  @Column({ type: 'varchar', length: 32 })
  deadline!: string;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
