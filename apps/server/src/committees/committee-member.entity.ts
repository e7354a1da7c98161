import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CommitteeEntity } from './committee.entity';

export type MemberStatus = 'serving' | 'removed' | 'ended';

/** A member of a committee: elected (or by-elected) on `joinedOn`, leaving on `leftOn` with a reason. */
@Entity({ name: 'committee_members' })
@Index('idx_committee_members_committee', ['committeeId', 'status'])
export class CommitteeMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @ManyToOne(() => CommitteeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id', foreignKeyConstraintName: 'fk_committee_members_committee' })
  committee?: CommitteeEntity;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'room_no', type: 'varchar', length: 32 })
  roomNo!: string;

  @Column({ type: 'integer' })
  votes!: number;

  @Column({ name: 'is_party_member', type: 'boolean', nullable: true })
  isPartyMember!: boolean | null;

  /** serving; removed (P3 退出 of this member); ended (the committee was dissolved or superseded). */
  @Column({ type: 'varchar', length: 16 })
  status!: MemberStatus;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn!: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ name: 'left_reason', type: 'text', nullable: true })
  leftReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
