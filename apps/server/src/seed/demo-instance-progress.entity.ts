import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far `npm start`'s demo seed got with one demo instance, written after each step so a
 * server killed mid-way (kill -9) resumes where it stopped on its next boot instead of
 * starting the demo again. The rows are written in one go when the seed begins: a database
 * with rows has a demo seed to finish; one without rows and with instance starts is left alone.
 */
@Entity({ name: 'demo_instance_progress' })
export class DemoInstanceProgressEntity {
  /** `DemoInstance.id`, stable across releases. */
  @PrimaryColumn({ name: 'demo_id', type: 'varchar', length: 64 })
  demoId!: string;

  /** Set once the instance is started; null before. */
  @Column({ name: 'process_instance_key', type: 'bigint', nullable: true })
  processInstanceKey!: string | null;

  /** Steps of `DemoInstance.steps` completed, in order. */
  @Column({ name: 'steps_done', type: 'integer', default: 0 })
  stepsDone!: number;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
