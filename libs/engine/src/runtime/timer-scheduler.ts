/**
 * Fires due timers and correlates messages. Timers: a sweep every `intervalMs` (and at once when `kick()`ed, e.g. after the
 * controllable clock moved) reads the timers due at engine time and fires them in batches,
 * one transaction per batch and a few batches at once (`EngineService.fireTimers`); a full
 * read is followed by another at once, so 10,000 timers falling due together do not wait for
 * sweeps. A timer missed while no engine ran fires late, at the next sweep after start.
 * Messages: the same loop correlates published messages to open subscriptions
 * (`EngineService.correlateBatch`, batched the same way), kicked after a publish or a command
 * that opened subscriptions; the sweep retries what is still pending (e.g. a message start
 * event waiting for the instance of its correlation key to end).
 */
import type { EngineService } from './engine-service';

/** Due timers read per query, and timers / correlations per transaction. */
const BATCH = 2048;
const PER_TRANSACTION = 256;
/** Transactions of one read running at once (the engine's pool has 16 connections). */
const IN_FLIGHT = 4;
const CORRELATION_BATCH = 1024;
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
        await this.inBatches(
          groupByInstance(due, (t) => t.processInstanceKey),
          (batch) => this.engine.fireTimers(batch),
        );
        if (due.length === BATCH) this.again = true;
      } catch (err) {
        if (!this.stopped) this.onError(err);
      }
      try {
        const pending = await this.engine.pendingCorrelations(CORRELATION_BATCH);
        let progressed = false;
        await this.inBatches(
          groupByInstance(pending, (p) => p.processInstanceKey),
          async (batch) => {
            if ((await this.engine.correlateBatch(batch)) > 0) progressed = true;
          },
        );
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

  /**
   * Runs `work` over batches of at most PER_TRANSACTION items (an instance's items never
   * split, so concurrent batches lock disjoint instances), IN_FLIGHT at a time. A failing
   * batch is reported; the next sweep retries what it left.
   */
  private async inBatches<T>(groups: T[][], work: (batch: T[]) => Promise<void>): Promise<void> {
    const batches: T[][] = [];
    let current: T[] = [];
    for (const group of groups) {
      if (current.length > 0 && current.length + group.length > PER_TRANSACTION) {
        batches.push(current);
        current = [];
      }
      current.push(...group);
    }
    if (current.length > 0) batches.push(current);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, async () => {
        while (next < batches.length && !this.stopped) {
          const batch = batches[next++];
          try {
            await work(batch);
          } catch (err) {
            if (!this.stopped) this.onError(err);
          }
        }
      }),
    );
  }

  /** Stops sweeping and waits for a firing in progress to commit. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    await this.idle;
  }
}

/** Items grouped by process instance in first-seen order; items without an instance (start events) each on their own. */
function groupByInstance<T>(items: readonly T[], instanceOf: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>();
  const alone: T[][] = [];
  for (const item of items) {
    const key = instanceOf(item);
    if (key === null) {
      alone.push([item]);
      continue;
    }
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values(), ...alone];
}
