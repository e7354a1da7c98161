/** P4 年度述职评议 (4.3.3, 4.7.3.1): who reports and reviews, and the star ratings the ratings feed. */
import { Injectable, Logger } from '@nestjs/common';
import { RATINGS, reviewAssignments, splitDisplayName, type Rating, type Secretary, type TaskType } from '@rp/domain';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { RatingsService } from '../../ratings/ratings.service';
import { JobDataError } from '../job-variables';
import { MembershipDirectory } from '../membership-directory';
import type { ProcedureHandler } from '../procedure-handler';
import { runJob } from '../run-job';

@Injectable()
export class ListBranchSecretariesHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.list-branch-secretaries';
  private readonly logger = new Logger(ListBranchSecretariesHandler.name);

  constructor(private readonly directory: MembershipDirectory) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const reviewYear = v.optionalInt('reviewYear', 2000, 2100) ?? new Date().getUTCFullYear() - 1;
      const industryPartyId = v.optionalUnitId('industryPartyId');
      v.done();
      const committees = industryPartyId
        ? [await this.directory.unit(industryPartyId, 'industryPartyId')]
        : await this.directory.unitsWithRole('industry-party');
      const secretaries: Secretary[] = [];
      const reviewers: { reviewerId: string; industryPartyId: string }[] = [];
      for (const committee of committees) {
        const holders = await this.directory.holdersWithin(committee.path, 'property-company');
        const own = await this.directory.holdersAt(committee.id, 'industry-party');
        if (holders.length > 0 && own.length === 0)
          throw new JobDataError(`“${committee.name}”（${committee.id}）没有物业行业党委（industry-party）评议人账号（no reviewers）`);
        for (const h of holders) {
          // A secretary is listed under the first committee that covers them.
          if (secretaries.some((s) => s.secretaryId === h.userId)) continue;
          const { name, companyName } = splitDisplayName(h.displayName, h.orgUnitName);
          secretaries.push({ secretaryId: h.userId, name, companyName, orgUnitId: h.orgUnitId, industryPartyId: committee.id });
        }
        reviewers.push(...own.map((r) => ({ reviewerId: r.userId, industryPartyId: committee.id })));
      }
      return { reviewYear, secretaries, reviewAssignments: reviewAssignments(secretaries, reviewers) };
    });
  }
}

@Injectable()
export class UpdateStarRatingHandler implements ProcedureHandler {
  static readonly taskType: TaskType = 'rp.update-star-rating';
  private readonly logger = new Logger(UpdateStarRatingHandler.name);

  constructor(
    private readonly directory: MembershipDirectory,
    private readonly ratings: RatingsService,
  ) {}

  handle(job: ActivatedJob): Promise<JobOutcome> {
    return runJob(job, this.logger, async (v) => {
      const reviewYear = v.int('reviewYear', 2000, 2100);
      const ratings = v.list('ratings', (r) => ({
        secretaryId: r.string('secretaryId', 64),
        name: r.string('name', 100),
        companyName: r.optionalString('companyName') ?? '',
        averageScore: r.number('averageScore', 0, 100),
        rating: r.string('rating', 8),
      }));
      ratings.forEach((r, i) => {
        if (r.rating && !(RATINGS as readonly string[]).includes(r.rating))
          v.problem(`ratings[${i}].rating`, `须为 ${RATINGS.join(' / ')} 之一（must be a rating band）`);
      });
      const secretaries = v.list('secretaries', (s) => ({
        secretaryId: s.string('secretaryId', 64),
        orgUnitId: s.string('orgUnitId', 64),
      }));
      v.done();
      const unitOf = new Map(secretaries.map((s) => [s.secretaryId, s.orgUnitId]));
      const units = await this.directory.unitsByIds([...unitOf.values()]);
      const rated = ratings.map((r) => {
        const unit = units.get(unitOf.get(r.secretaryId) ?? '');
        if (!unit)
          throw new JobDataError(`ratings：书记${r.name}（${r.secretaryId}）不在secretaries中或其单位不存在（unknown secretary unit）`);
        return { ...r, rating: r.rating as Rating, companyName: r.companyName || unit.name, orgUnit: unit };
      });
      await this.ratings.update(job.key, reviewYear, job.processInstanceKey, rated);
      return {};
    });
  }
}
