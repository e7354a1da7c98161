import { GatewayJobStateProbe, jobCheckOf, type JobTimeoutClient } from './job-state-probe';

/** gRPC errors as @grpc/grpc-js reports them: an Error with a numeric `code`. */
const grpcError = (code: number, message: string) => Object.assign(new Error(`${code} ${message}`), { code });

describe('jobCheckOf', () => {
  it('reads UpdateJobTimeout answers as the job’s fate', () => {
    expect(jobCheckOf(undefined)).toBe('alive');
    expect(jobCheckOf(grpcError(5, 'NOT_FOUND: no job exists with the given key'))).toBe('ended');
    // INVALID_STATE: the lock expired and the job waits to be activated again.
    expect(jobCheckOf(grpcError(9, 'FAILED_PRECONDITION: no deadline exists'))).toBe('alive');
    expect(jobCheckOf(grpcError(14, 'UNAVAILABLE'))).toBe('unknown');
    expect(jobCheckOf(new Error('socket hang up'))).toBe('unknown');
    expect(jobCheckOf(null)).toBe('unknown');
  });
});

describe('GatewayJobStateProbe', () => {
  /** A stand-in gateway: which keys no longer exist, and every call it received. */
  const gateway = (gone: ReadonlySet<string>, down = false) => {
    const calls: { jobKey: string; timeout: number }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const client: JobTimeoutClient = {
      async updateJobTimeout(request) {
        calls.push({ ...request });
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (down) throw grpcError(14, 'UNAVAILABLE');
        if (gone.has(request.jobKey)) throw grpcError(5, 'NOT_FOUND');
        return {};
      },
    };
    return { client, calls, maxInFlight: () => maxInFlight };
  };

  it('renews each job’s lock with the inbox’s lock and reports the missing ones as job-ended', async () => {
    const fake = gateway(new Set(['2']));
    const probe = new GatewayJobStateProbe(() => fake.client, { lockMs: 3_600_000, checksPerSecond: 50, concurrency: 2 });
    const ended = await probe.ended(['1', '2', '3', '4', '5']);
    expect([...ended]).toEqual([['2', 'job-ended']]);
    expect(fake.calls.map((c) => c.jobKey).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(fake.calls.every((c) => c.timeout === 3_600_000)).toBe(true);
    expect(fake.maxInFlight()).toBe(2);
    expect(probe.sweepBatch).toBe(100);
  });

  it('does not ask again for jobs confirmed alive a moment ago when a list page says that is enough', async () => {
    const fake = gateway(new Set());
    const probe = new GatewayJobStateProbe(() => fake.client, { lockMs: 1000, checksPerSecond: 5, recentMs: 60_000 });
    await probe.ended(['1', '2']);
    await probe.ended(['1', '2', '3'], { recentIsEnough: true });
    expect(fake.calls.map((c) => c.jobKey)).toEqual(['1', '2', '3']);
    // Submits and the sweeper always ask.
    await probe.ended(['1']);
    expect(fake.calls).toHaveLength(4);
  });

  it('decides nothing while the gateway is unreachable', async () => {
    const fake = gateway(new Set(['1']), true);
    const probe = new GatewayJobStateProbe(() => fake.client, { lockMs: 1000, checksPerSecond: 5 });
    expect((await probe.ended(['1', '2'])).size).toBe(0);
    await probe.ended(['1'], { recentIsEnough: true });
    expect(fake.calls).toHaveLength(3);
  });
});
