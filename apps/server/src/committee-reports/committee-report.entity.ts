import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

export type CommitteeReportKind = 'report' | 'overdue';

/**
 * 业主委员会定期报告台账 (4.4.3.3): a report the committee made to the community party
 * organisation (`report`, on `reported_on`), or the monitor's finding that the report due on
 * `reported_on` was missed (`overdue`; one per committee and due date, so the monitor publishes
 * `committee-report-overdue` once for it).
 */
@Entity({ name: 'committee_reports' })
@Unique('uq_committee_reports_committee_kind_date', ['committeeId', 'kind', 'reportedOn'])
@Index('idx_committee_reports_org_path', ['orgPath', 'reportedOn'])
export class CommitteeReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'committee_id', type: 'uuid' })
  committeeId!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CommitteeReportKind;

  /** The report's date, or the due date that was missed. */
  @Column({ name: 'reported_on', type: 'date' })
  reportedOn!: string;

  @Column({ type: 'text' })
  summary!: string;

  /** Who recorded the report; null for the monitor's findings. */
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
