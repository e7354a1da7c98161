import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A public notice (公示/公开) published by `rp.publish-notice`: readable by signed-in users
 * of its unit's subtree and ancestors. One row per job key (a retried job never publishes twice).
 */
@Entity({ name: 'notices' })
@Index('idx_notices_org_path', ['orgPath', 'publishedAt'])
export class NoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_notices_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  /** The `noticeStage`: deliberation, rejected, assembly-failed, result, candidates, annual-ratings. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64 })
  orgUnitId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'publicity_start', type: 'timestamptz' })
  publicityStart!: Date;

  @Column({ name: 'publicity_end', type: 'timestamptz' })
  publicityEnd!: Date;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
