import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CommitteeStatus = 'active' | 'dissolved' | 'superseded';

/** 业主委员会备案: one elected committee of a compound and its term. */
@Entity({ name: 'committees' })
@Index('idx_committees_org_path', ['orgPath', 'termStart'])
@Index('idx_committees_compound_status', ['compoundId', 'status'])
export class CommitteeEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ type: 'smallint' })
  seats!: number;

  @Column({ name: 'term_start', type: 'date' })
  termStart!: string;

  @Column({ name: 'term_end', type: 'date' })
  termEnd!: string;

  /** active; dissolved (P3 退出); superseded (a new committee was elected). */
  @Column({ type: 'varchar', length: 16 })
  status!: CommitteeStatus;

  /** Why the party-member share is below 60%, when it is (4.2.3.3). */
  @Column({ name: 'party_share_reason', type: 'text', nullable: true })
  partyShareReason!: string | null;

  @Column({ name: 'process_instance_key', type: 'bigint', nullable: true })
  processInstanceKey!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
