import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A message to one person or one candidate group (站内信), written by the `rp.notify-*`
 * workers for the web app to show. A job writes each recipient once (unique job key + recipient).
 */
@Entity({ name: 'notifications' })
@Unique('uq_notifications_job_recipient', ['jobKey', 'recipient'])
@Index('idx_notifications_recipient', ['recipient', 'createdAt'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  /** `user:<userId>` or `group:<role>:<orgUnitId>`. */
  @Column({ type: 'varchar', length: 160 })
  recipient!: string;

  /** `reporter-closed`, `unfounded`, `vote-failed`. */
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

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
