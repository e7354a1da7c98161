/**
 * Counts failed sign-ins per key (a username or an address) in a sliding window and says
 * when a key must wait. Pure and in memory, with an injectable clock so tests need no
 * sleeping; one server process holds one set of counters (enough for a single node).
 */

export interface LoginThrottleOptions {
  /** Failures allowed within the window; the next attempt is refused. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Milliseconds since the epoch; `Date.now` unless a test passes its own. */
  readonly now?: () => number;
  /** Keys remembered at most; the stalest are forgotten first (bounds memory under attack). */
  readonly maxKeys?: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: LoginThrottleOptions) {
    if (!(options.maxFailures >= 1) || !(options.windowMs > 0)) throw new RangeError('maxFailures ≥ 1 and windowMs > 0 required');
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Whole seconds the key must still wait before its next attempt, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.options.maxFailures) return 0;
    // The attempt becomes possible when enough failures have left the window.
    const freedAt = recent[recent.length - this.options.maxFailures] + this.options.windowMs;
    return Math.max(1, Math.ceil((freedAt - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key); // re-insert: Map order is then least recently failed first
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) {
      const stalest = this.failures.keys().next().value;
      if (stalest !== undefined) this.failures.delete(stalest);
    }
  }

  /** A successful sign-in clears the key's failures. */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
