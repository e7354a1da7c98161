/**
 * Engine time. Every timer decision, job deadline and back-off reads `Clock.now()`.
 * `ControllableClock` adds an administrative offset (like Zeebe's controllable actor clock,
 * `zeebe.clock.controlled`): tests and demos move engine time forward instead of waiting.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The administrative side of a controllable clock, exposed as `EmbeddedEngine.clock`. */
export interface ClockControl {
  /** Current engine time (epoch ms). */
  now(): number;
  /** Moves engine time forward by `ms` (must be ≥ 0); due timers fire promptly afterwards. */
  advance(ms: number): number;
  /** Sets engine time to `epochMs` (it keeps running from there); returns the new time. */
  set(epochMs: number): number;
  /** Back to the underlying clock's time. */
  reset(): number;
}

export class ControllableClock implements Clock, ClockControl {
  private offset = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance expects a non-negative number of ms, got ${ms}`);
    this.offset += ms;
    this.changed();
    return this.now();
  }

  set(epochMs: number): number {
    if (!Number.isFinite(epochMs)) throw new RangeError(`clock.set expects epoch ms, got ${epochMs}`);
    this.offset = epochMs - this.base.now();
    this.changed();
    return this.now();
  }

  reset(): number {
    this.offset = 0;
    this.changed();
    return this.now();
  }

  /** Called after every change of engine time (the timer scheduler polls at once). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
