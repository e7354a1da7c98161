/** What every procedure worker is: a Nest provider with one task type and a `handle` that ends the job. */
import type { TaskType } from '@rp/domain';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';

export interface ProcedureHandler {
  handle(job: ActivatedJob): Promise<JobOutcome>;
}

export interface ProcedureHandlerClass {
  /** The `zeebe:taskDefinition type` this handler works. */
  readonly taskType: TaskType;
  new (...args: never[]): ProcedureHandler;
}
