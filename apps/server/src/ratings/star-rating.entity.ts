import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * 示范项目星级 (4.7.3.1): one row per secretary's annual rating, with the stars it moved the
 * project (the property company at its compound) to. The latest row of a unit is its current stars.
 */
@Entity({ name: 'star_ratings' })
@Unique('uq_star_ratings_job_secretary', ['jobKey', 'secretaryId'])
@Index('idx_star_ratings_org_path', ['orgPath', 'reviewYear'])
export class StarRatingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'job_key', type: 'bigint' })
  jobKey!: string;

  @Column({ name: 'review_year', type: 'integer' })
  reviewYear!: number;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 64 })
  orgUnitId!: string;

  @Column({ name: 'org_path', type: 'text', collation: 'C' })
  orgPath!: string;

  @Column({ name: 'secretary_id', type: 'varchar', length: 64 })
  secretaryId!: string;

  @Column({ name: 'secretary_name', type: 'varchar', length: 100 })
  secretaryName!: string;

  @Column({ name: 'company_name', type: 'varchar', length: 200 })
  companyName!: string;

  @Column({ name: 'average_score', type: 'numeric', precision: 4, scale: 1 })
  averageScore!: string;

  /** 优秀 / 良好 / 一般 / 较差. */
  @Column({ type: 'varchar', length: 8 })
  rating!: string;

  @Column({ name: 'previous_stars', type: 'smallint', nullable: true })
  previousStars!: number | null;

  @Column({ type: 'smallint' })
  stars!: number;

  @Column({ name: 'process_instance_key', type: 'bigint' })
  processInstanceKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
