import { type BatchedCommand, CommandBatches } from '../../src/runtime/command-batches';

interface Command extends BatchedCommand {
  id: number;
  done: Promise<void>;
  resolve(): void;
}

function command(id: number): Command {
  let resolve: () => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { id, done, resolve: () => resolve(), reject: (err) => reject(err) };
}

/** A run that records its batch and finishes when the test says so. */
function controlledRuns() {
  const batches: number[][] = [];
  const finishers: Array<() => void> = [];
  const run = (batch: Command[]) => {
    batches.push(batch.map((c) => c.id));
    return new Promise<void>((finish) => finishers.push(finish)).then(() => {
      for (const c of batch) c.resolve();
    });
  };
  return { batches, finishers, run };
}

/** Lets the batcher's scheduled turns and the runs' promise chains play out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe(CommandBatches.name, () => {
  it('runs commands sent together as one batch, at most maxBatch at a time', async () => {
    const { batches, finishers, run } = controlledRuns();
    const batcher = new CommandBatches<Command>(run, 3, 10);
    const commands = [1, 2, 3, 4, 5].map(command);
    for (const c of commands) batcher.add(c);
    await settle();
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    for (const finish of finishers) finish();
    await Promise.all(commands.map((c) => c.done));
  });

  it('keeps at most maxInFlight batches running; the queue waits for one to finish', async () => {
    const { batches, finishers, run } = controlledRuns();
    const batcher = new CommandBatches<Command>(run, 2, 1);
    const commands = [1, 2, 3, 4, 5].map(command);
    for (const c of commands) batcher.add(c);
    await settle();
    expect(batches).toEqual([[1, 2]]);
    finishers[0]();
    await settle();
    // Everything that queued up meanwhile goes in the next batch (up to maxBatch).
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finishers[1]();
    await settle();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    finishers[2]();
    await commands[4].done;
  });

  it('rejects every command of a batch whose run fails, and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new CommandBatches<Command>(
      (batch) => {
        if (fail) return Promise.reject(new Error('database gone'));
        for (const c of batch) c.resolve();
        return Promise.resolve();
      },
      10,
      1,
    );
    const failed = [command(1), command(2)];
    for (const c of failed) batcher.add(c);
    const outcomes = await Promise.allSettled(failed.map((c) => c.done));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.status))).toEqual([
      'database gone',
      'database gone',
    ]);
    fail = false;
    const later = command(3);
    batcher.add(later);
    await expect(later.done).resolves.toBeUndefined();
  });
});
