import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * 印章代管 (4.4.3.3): each hand-over of a compound's 业主大会/业主委员会 seals to their
 * custodian; the rows of a compound in order are its custody history.
 */
@Entity({ name: 'seal_custody' })
@Index('idx_seal_custody_org_path', ['orgPath', 'createdAt'])
export class SealCustodyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The job that recorded it, or `seed:<compound>` style keys for demo data. */
  @Index('uq_seal_custody_job_key', { unique: true })
  @Column({ name: 'job_key', type: 'varchar', length: 64 })
  jobKey!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  /** The unit keeping the seals (the community party organisation). */
  @Column({ name: 'custodian_unit_id', type: 'varchar', length: 64 })
  custodianUnitId!: string;

  @Column({ type: 'jsonb' })
  seals!: string[];

  @Column({ name: 'handover_date', type: 'date' })
  handoverDate!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'process_instance_key', type: 'bigint', nullable: true })
  processInstanceKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
