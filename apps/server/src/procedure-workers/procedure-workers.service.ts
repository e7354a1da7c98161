/** Registers every procedure handler as a job worker of its task type at module init. */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobWorkers } from '@rp/workflow';
import type { ProcedureHandler } from './procedure-handler';
import { PROCEDURE_HANDLERS } from './procedure-handlers';

/** A system step's job is locked this long to one worker; handlers finish in milliseconds. */
export const PROCEDURE_JOB_LOCK_MS = 60_000;

@Injectable()
export class ProcedureWorkersService implements OnModuleInit {
  private readonly logger = new Logger(ProcedureWorkersService.name);

  constructor(
    private readonly workers: JobWorkers,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const [type, handlerClass] of Object.entries(PROCEDURE_HANDLERS)) {
      const handler = this.moduleRef.get<ProcedureHandler>(handlerClass, { strict: true });
      this.workers.register({
        type,
        worker: `red-property-${type}`,
        timeoutMs: PROCEDURE_JOB_LOCK_MS,
        maxJobs: 16,
        pollMs: 100,
        handler: (job) => handler.handle(job),
        onError: (error, job) =>
          this.logger.error({
            msg: 'procedure worker error',
            type,
            jobKey: job?.key,
            err: error instanceof Error ? error.message : String(error),
          }),
      });
    }
  }
}
