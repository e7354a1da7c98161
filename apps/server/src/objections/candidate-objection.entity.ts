import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An objection to a publicised candidate slate (P1 候选人公示, 4.2.3.3), lodged through
 * POST /api/candidate-objections. One per notice: the first objection interrupts that
 * publicity (message `candidate-objection`), and a dismissed objection publishes a new notice.
 */
@Entity({ name: 'candidate_objections' })
@Index('idx_candidate_objections_org_path', ['orgPath', 'lodgedAt'])
export class CandidateObjectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('uq_candidate_objections_notice', { unique: true })
  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId!: string;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  /** The candidate objected to; null when the objection is about the slate as a whole. */
  @Column({ name: 'candidate_name', type: 'varchar', length: 100, nullable: true })
  candidateName!: string | null;

  @Column({ name: 'objection_text', type: 'text' })
  objectionText!: string;

  @Column({ name: 'objector_user_id', type: 'uuid' })
  objectorUserId!: string;

  @Column({ name: 'objector_name', type: 'varchar', length: 100 })
  objectorName!: string;

  @CreateDateColumn({ name: 'lodged_at', type: 'timestamptz' })
  lodgedAt!: Date;
}
