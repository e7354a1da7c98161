/**
 * Zeebe-layout keys (partition 1: (1 << 51) + n) from the sequence `engine.key_seq`,
 * fetched in blocks of 1000 so a command does not pay a round trip per key. Keys left
 * unused by a crash are simply skipped; Zeebe keys have gaps too.
 */
import type { Pool } from 'pg';
import type { Queryable } from './database';

const BLOCK = 1000n;

/** The state machine used more keys than were reserved (e.g. a multi-instance body over many items). */
export class KeysExhaustedError extends Error {
  constructor() {
    super('key block exhausted: reserve() before running the state machine');
  }
}

export class KeyAllocator {
  private readonly blocks: Array<{ next: bigint; end: bigint }> = [];
  private available = 0n;

  constructor(private readonly pool: Pool) {}

  /**
   * Makes sure at least `count` keys can be taken synchronously. Callers must take them
   * without awaiting in between; `ensure` does not await at all when keys are available.
   */
  /**
   * Fetches blocks until `count` keys are available. Inside a transaction pass its client:
   * taking a second pool connection there could deadlock when the pool is exhausted.
   */
  async reserve(count: number, db?: Queryable): Promise<void> {
    const missing = BigInt(count) - this.available;
    // All missing blocks in one round trip (a batch of timer firings may need several).
    if (missing > 0n) await this.fill(db, Number((missing + BLOCK - 1n) / BLOCK));
  }

  hasAvailable(count: number): boolean {
    return this.available >= BigInt(count);
  }

  /** One key, fetching a block if needed. */
  async next(db?: Queryable): Promise<string> {
    while (!this.hasAvailable(1)) await this.fill(db);
    return this.take();
  }

  /** Next key; `reserve` must have been awaited for enough keys. */
  take(): string {
    const block = this.blocks[0];
    if (!block) throw new KeysExhaustedError();
    const key = block.next++;
    this.available--;
    if (block.next >= block.end) this.blocks.shift();
    return key.toString();
  }

  /** Fetches `count` blocks. Not shared between callers: a caller inside a transaction must never wait on a pool connection. */
  private async fill(db?: Queryable, count = 1): Promise<void> {
    const r = await (db ?? this.pool).query<{ v: string }>("SELECT nextval('engine.key_seq')::text AS v FROM generate_series(1, $1::int)", [
      count,
    ]);
    for (const row of r.rows) {
      const start = BigInt(row.v);
      this.blocks.push({ next: start, end: start + BLOCK });
      this.available += BLOCK;
    }
  }
}
