/**
 * Commands of one kind arriving together (creations, completions, publishes) are run as
 * batches, one transaction or statement per batch instead of one per command.
 */
export interface BatchedCommand {
  reject(err: unknown): void;
}

/**
 * Queues commands and runs them `maxBatch` at a time, with at most `maxInFlight` batches
 * running at once; a batch starts on the next turn of the event loop, so commands sent
 * together share it. `run` gets a non-empty batch and answers each of its commands; when it
 * throws, every command of the batch is rejected with that error.
 */
export class CommandBatches<T extends BatchedCommand> {
  private readonly queue: T[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (batch: T[]) => Promise<void>,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  add(command: T): void {
    this.queue.push(command);
    this.flush();
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.inFlight += 1;
    setImmediate(() => {
      const batch = this.queue.splice(0, this.maxBatch);
      if (batch.length === 0) {
        // Several flushes were scheduled in one turn and the earlier ones took everything.
        this.inFlight -= 1;
        return;
      }
      this.run(batch)
        .catch((err: unknown) => {
          for (const command of batch) command.reject(err);
        })
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    });
  }
}
