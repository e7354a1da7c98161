/**
 * Nest wiring: the app provides a factory of its `WorkflowClient` under `WORKFLOW_CLIENT`
 * (called only at bootstrap, once the engine listens); feature modules register workers with
 * `JobWorkers`, which starts them at bootstrap and stops them before shutdown.
 */
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { WorkflowClient } from './client';
import { JobWorker, type JobWorkerOptions } from './job-worker';

export const WORKFLOW_CLIENT = Symbol('WORKFLOW_CLIENT');

export type WorkflowClientFactory = () => WorkflowClient;

@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pending: JobWorkerOptions[] = [];
  private readonly workers: JobWorker[] = [];
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(@Inject(WORKFLOW_CLIENT) private readonly client: WorkflowClientFactory) {}

  /** Registers a worker; it starts at application bootstrap (or at once when already started). */
  register(options: JobWorkerOptions): void {
    if (this.started) this.launch(options);
    else this.pending.push(options);
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const options of this.pending.splice(0)) this.launch(options);
  }

  /** Idempotent: Nest may run destroy hooks twice (app.close() and its own signal handler); both wait for the same stop. */
  onModuleDestroy(): Promise<void> {
    this.started = false;
    this.stopping ??= Promise.all(this.workers.splice(0).map((worker) => worker.stop())).then(() => undefined);
    return this.stopping;
  }

  private launch(options: JobWorkerOptions): void {
    const worker = new JobWorker(this.client(), options);
    this.workers.push(worker);
    worker.start();
  }
}

@Module({})
export class WorkflowModule {
  static forRoot(client: Omit<FactoryProvider<WorkflowClientFactory>, 'provide'>): DynamicModule {
    return {
      module: WorkflowModule,
      global: true,
      providers: [{ provide: WORKFLOW_CLIENT, ...client }, JobWorkers],
      exports: [WORKFLOW_CLIENT, JobWorkers],
    };
  }
}
