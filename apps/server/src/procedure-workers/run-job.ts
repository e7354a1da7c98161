/**
 * Every procedure worker ends its job through `runJob`: the handler's variables complete it;
 * bad input or data the job cannot fix (JobInputError, JobDataError) fails it with no
 * retries — an incident with a readable message; anything else (the database is down) fails
 * it with one retry fewer after a back-off, so a lasting fault also ends in an incident.
 */
import type { Logger } from '@nestjs/common';
import { JobOutcomes, type ActivatedJob, type JobOutcome } from '@rp/workflow';
import { JobDataError, JobInputError, JobVariables } from './job-variables';

export const TRANSIENT_RETRY_BACKOFF_MS = 5000;

export async function runJob(
  job: ActivatedJob,
  logger: Logger,
  work: (vars: JobVariables) => Promise<Record<string, unknown>>,
): Promise<JobOutcome> {
  try {
    return JobOutcomes.complete(await work(new JobVariables(job.variables)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof JobInputError || error instanceof JobDataError) {
      logger.warn({ msg: 'procedure job failed without retry', type: job.type, jobKey: job.key, err: message });
      return JobOutcomes.fail(message, 0);
    }
    logger.error({ msg: 'procedure job failed; retrying after back-off', type: job.type, jobKey: job.key, err: message });
    return JobOutcomes.fail(`${job.type} 处理失败（failed）：${message}`, Math.max(0, job.retries - 1), TRANSIENT_RETRY_BACKOFF_MS);
  }
}
