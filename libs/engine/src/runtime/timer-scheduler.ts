/**
 * Fires due timers and correlates messages. Timers: a sweep every `intervalMs` (and at once when `kick()`ed, e.g. after the
 * controllable clock moved) reads the timers due at engine time and fires each in its own
 * transaction (`EngineService.fireTimer`). A timer missed while no engine ran fires late,
 * at the next sweep after start. Messages: the same loop correlates published messages to
 * open subscriptions (`EngineService.correlate`, one transaction each), kicked after a publish
 * or a command that opened subscriptions; the sweep retries what is still pending (e.g. a
 * message start event waiting for the instance of its correlation key to end).
 */
import type { EngineService } from './engine-service';

const BATCH = 64;
const CORRELATION_BATCH = 256;
/** Expired messages are purged every this many sweeps. */
const PURGE_EVERY = 240;

export class TimerScheduler {
  // (also the message correlator)
  private readonly sweep: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private sweeps = 0;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: EngineService,
    private readonly onError: (err: unknown) => void,
    intervalMs = 250,
  ) {
    this.sweep = setInterval(() => this.kick(), intervalMs);
    this.sweep.unref();
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const due = await this.engine.dueTimers(BATCH);
        for (const timer of due) {
          if (this.stopped) return;
          try {
            await this.engine.fireTimer(timer);
          } catch (err) {
            this.onError(err);
          }
        }
        if (due.length === BATCH) this.again = true;
      } catch (err) {
        if (!this.stopped) this.onError(err);
      }
      try {
        const pending = await this.engine.pendingCorrelations(CORRELATION_BATCH);
        let progressed = false;
        for (const p of pending) {
          if (this.stopped) return;
          try {
            if (await this.engine.correlate(p)) progressed = true;
          } catch (err) {
            this.onError(err);
          }
        }
        if (progressed && pending.length === CORRELATION_BATCH) this.again = true;
        if (++this.sweeps % PURGE_EVERY === 0) await this.engine.purgeExpiredMessages();
      } catch (err) {
        if (!this.stopped) this.onError(err);
      }
      try {
        // Call activities: child starts, call activity completions, child cancellations.
        const calls = await this.engine.pendingCalls(CORRELATION_BATCH);
        for (const c of calls) {
          if (this.stopped) return;
          try {
            if (await this.engine.processCall(c)) this.again = true;
          } catch (err) {
            this.onError(err);
          }
        }
      } catch (err) {
        if (!this.stopped) this.onError(err);
      }
    } while (this.again && !this.stopped);
  }

  /** Stops sweeping and waits for a firing in progress to commit. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    await this.idle;
  }
}
