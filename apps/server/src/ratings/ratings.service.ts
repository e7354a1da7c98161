/** 示范项目星级 (4.7.3.1): the annual ratings move each project's stars; listing by unit. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { nextStars, type Rating } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor, recordFilterSql } from '../unit-records/unit-records';
import type { StarRatingDto } from './star-rating.dto';
import { StarRatingEntity } from './star-rating.entity';

export interface RatedSecretary {
  readonly secretaryId: string;
  readonly name: string;
  readonly companyName: string;
  readonly averageScore: number;
  readonly rating: Rating;
  readonly orgUnit: { readonly id: string; readonly path: string };
}

@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  /** One row per secretary per job, in one transaction; a retried job finds its rows and adds none. */
  async update(jobKey: string, reviewYear: number, processInstanceKey: string, rated: readonly RatedSecretary[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(StarRatingEntity);
      for (const r of rated) {
        const previous = await repo
          .createQueryBuilder('s')
          .where('s.org_unit_id = :unit AND s.job_key <> :jobKey', { unit: r.orgUnit.id, jobKey })
          .orderBy('s.created_at', 'DESC')
          .addOrderBy('s.review_year', 'DESC')
          .getOne();
        const previousStars = previous?.stars ?? null;
        await repo
          .createQueryBuilder()
          .insert()
          .values({
            id: randomUUID(),
            jobKey,
            reviewYear,
            orgUnitId: r.orgUnit.id,
            orgPath: r.orgUnit.path,
            secretaryId: r.secretaryId,
            secretaryName: r.name,
            companyName: r.companyName,
            averageScore: r.averageScore.toFixed(1),
            rating: r.rating,
            previousStars,
            stars: nextStars(previousStars, r.rating),
            processInstanceKey,
          })
          .orIgnore()
          .execute();
      }
    });
  }

  async list(principal: Principal, orgUnitId: string): Promise<StarRatingDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units);
    const { sql, params } = recordFilterSql('s.org_path', filter);
    const rows = await this.dataSource
      .getRepository(StarRatingEntity)
      .createQueryBuilder('s')
      .where(sql, params)
      .orderBy('s.review_year', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .limit(500)
      .getMany();
    return rows.map((s) => ({
      id: s.id,
      reviewYear: s.reviewYear,
      orgUnitId: s.orgUnitId,
      secretaryId: s.secretaryId,
      secretaryName: s.secretaryName,
      companyName: s.companyName,
      averageScore: Number(s.averageScore),
      rating: s.rating,
      previousStars: s.previousStars,
      stars: s.stars,
      processInstanceKey: s.processInstanceKey,
      recordedAt: s.createdAt.toISOString(),
    }));
  }
}
