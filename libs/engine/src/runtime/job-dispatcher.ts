/**
 * Hands jobs to waiting consumers: long-polling ActivateJobs requests and
 * StreamActivatedJobs streams. One pump per job type runs at a time; it is kicked after a
 * command commits new jobs of that type, and by a periodic sweep that picks up jobs whose
 * back-off ended or whose activation timed out (a dead worker's jobs).
 */
import type { ActivatedJob, ActivationRequest, EngineService } from './engine-service';

export interface PollConsumer {
  readonly kind: 'poll';
  readonly request: ActivationRequest;
  deliver(jobs: ActivatedJob[]): void;
}

export interface StreamConsumer {
  readonly kind: 'stream';
  readonly request: Omit<ActivationRequest, 'max'>;
  deliver(jobs: ActivatedJob[]): void;
}

interface TypeState {
  polls: PollConsumer[];
  streams: StreamConsumer[];
  nextStream: number;
  running: boolean;
  again: boolean;
}

/** Jobs pushed to one stream before the pump moves to the next (keeps workers fair). */
const STREAM_BATCH = 32;
const GATHER_MS = 2;

export class JobDispatcher {
  private readonly types = new Map<string, TypeState>();
  private readonly sweep: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly engine: EngineService,
    private readonly onError: (err: unknown) => void,
    sweepIntervalMs = 250,
  ) {
    engine.events.on('jobs', (type) => this.kick(type));
    this.sweep = setInterval(() => {
      for (const type of this.types.keys()) this.kick(type);
    }, sweepIntervalMs);
    this.sweep.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.sweep);
  }

  addPoll(consumer: PollConsumer): () => void {
    const state = this.state(consumer.request.type);
    state.polls.push(consumer);
    this.kick(consumer.request.type);
    return () => {
      const i = state.polls.indexOf(consumer);
      if (i >= 0) state.polls.splice(i, 1);
      this.prune(consumer.request.type);
    };
  }

  addStream(consumer: StreamConsumer): () => void {
    const state = this.state(consumer.request.type);
    state.streams.push(consumer);
    this.kick(consumer.request.type);
    return () => {
      const i = state.streams.indexOf(consumer);
      if (i >= 0) state.streams.splice(i, 1);
      this.prune(consumer.request.type);
    };
  }

  private state(type: string): TypeState {
    let s = this.types.get(type);
    if (!s) {
      s = { polls: [], streams: [], nextStream: 0, running: false, again: false };
      this.types.set(type, s);
    }
    return s;
  }

  private prune(type: string): void {
    const s = this.types.get(type);
    if (s && !s.running && s.polls.length === 0 && s.streams.length === 0) this.types.delete(type);
  }

  kick(type: string): void {
    const s = this.types.get(type);
    if (!s || this.stopped) return;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    void this.pump(s)
      .catch((err: unknown) => this.onError(err))
      .finally(() => {
        s.running = false;
        this.prune(type);
      });
  }

  private async pump(s: TypeState): Promise<void> {
    // A short gathering window: under load many commits of the same type land within a few
    // milliseconds and are then claimed with one statement instead of one each.
    do {
      await new Promise((r) => setTimeout(r, GATHER_MS));
      s.again = false;
      while (!this.stopped) {
        // A claim that came back short drained the type; new jobs set `again` and loop once more.
        let drained: boolean;
        if (s.streams.length > 0) {
          const i = s.nextStream % s.streams.length;
          s.nextStream = i + 1;
          const stream = s.streams[i];
          const jobs = await this.engine.activateJobs({ ...stream.request, max: STREAM_BATCH });
          if (jobs.length > 0) {
            if (s.streams.includes(stream)) stream.deliver(jobs);
            else await this.handBack(jobs);
          }
          drained = jobs.length < STREAM_BATCH;
        } else if (s.polls.length > 0) {
          const poll = s.polls[0];
          const jobs = await this.engine.activateJobs(poll.request);
          if (jobs.length > 0) {
            const i = s.polls.indexOf(poll);
            if (i >= 0) {
              s.polls.splice(i, 1);
              poll.deliver(jobs);
            } else {
              await this.handBack(jobs);
            }
          }
          drained = jobs.length < poll.request.max;
        } else {
          break;
        }
        if (drained) break;
      }
    } while (s.again && !this.stopped);
  }

  /** A consumer went away while its jobs were being claimed: give them back at once. */
  private async handBack(jobs: ActivatedJob[]): Promise<void> {
    await this.engine.yieldJobs(jobs);
  }
}
