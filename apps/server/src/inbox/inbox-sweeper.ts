/**
 * Walks the open tasks in job-key order, a batch per tick, and closes those whose jobs ended
 * in the engine (instance cancelled, element terminated by a boundary event, completed by
 * another client). Listing and opening a task also check the rows they show, so what an
 * official sees is current; the sweep keeps the counts and analytics right. Its pace is the
 * probe's: 1,000 keys a tick on the embedded engine, INBOX_JOB_CHECKS_PER_SECOND on Zeebe.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InboxRepository } from './inbox.repository';
import { JOB_STATE_PROBE, type JobStateProbe } from './job-state-probe';

const TICK_MS = 2000;

@Injectable()
export class InboxSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private cursor = '0';
  private running: Promise<void> | undefined;

  constructor(
    private readonly inbox: InboxRepository,
    @Inject(JOB_STATE_PROBE) private readonly probe: JobStateProbe,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'inbox sweep failed', err: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One batch (as many keys as the probe may check per tick); returns to the first key after the last one. */
  async sweep(): Promise<void> {
    const batch = this.probe.sweepBatch;
    const keys = await this.inbox.openKeysAfter(this.cursor, batch);
    this.cursor = keys.length < batch ? '0' : keys[keys.length - 1];
    if (keys.length === 0) return;
    const ended = await this.probe.ended(keys);
    if (ended.size > 0) await this.inbox.markEnded(ended);
  }
}
