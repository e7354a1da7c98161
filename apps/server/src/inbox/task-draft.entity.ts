import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's saved, unsubmitted form data for one task. */
@Entity({ name: 'task_drafts' })
export class TaskDraftEntity {
  @PrimaryColumn({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
