/**
 * Job behaviour over gRPC: activation (polling, long polling, streaming), completion,
 * failure and retries, timeouts and incidents, driven by @camunda8/sdk and zeebe-node.
 */
import type { JSONDoc } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import { bpmnPath, incidents, startHarness, waitForIncident, waitForInstanceState, type Harness } from './support/engine-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResource({ processFilename: bpmnPath('one-task.bpmn') });
    await h.camunda.deployResource({ processFilename: bpmnPath('uncaught-error.bpmn') });
  });
  afterAll(async () => {
    await h.close();
  });

  const start = async (id: string, variables: JSONDoc = {}) =>
    (await h.camunda.createProcessInstance({ bpmnProcessId: id, variables })).processInstanceKey;
  const activate = (type: string, opts: { max?: number; timeout?: number; requestTimeout?: number; fetchVariable?: string[] } = {}) =>
    h.camunda.activateJobs({
      type,
      worker: 'spec-worker',
      maxJobsToActivate: opts.max ?? 1,
      timeout: opts.timeout ?? 30_000,
      requestTimeout: opts.requestTimeout ?? 5_000,
      fetchVariable: opts.fetchVariable,
    });

  it('activates a job with its instance data, worker, deadline, custom headers and only the fetched variables', async () => {
    const pik = await start('one-task', { a: 1, b: { c: 2 }, d: 'x' });
    const before = Date.now();
    const [job] = await activate('one-task-work', { fetchVariable: ['a', 'b'], timeout: 60_000 });
    expect(job.processInstanceKey).toBe(pik);
    expect(job.bpmnProcessId).toBe('one-task');
    expect(job.elementId).toBe('work');
    expect(job.worker).toBe('spec-worker');
    expect(job.retries).toBe(3);
    expect(job.customHeaders).toEqual({ kind: 'smoke' });
    expect(job.variables).toEqual({ a: 1, b: { c: 2 } });
    expect(Number(job.deadline)).toBeGreaterThanOrEqual(before + 60_000);
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
  });

  it('long polling: a waiting ActivateJobs request receives a job created after it was sent', async () => {
    const pending = activate('one-task-work', { requestTimeout: 10_000 });
    await sleep(200);
    const pik = await start('one-task');
    const jobs = await pending;
    expect(jobs.map((j) => j.processInstanceKey)).toEqual([pik]);
    await h.camunda.completeJob({ jobKey: jobs[0].key, variables: {} });
  });

  it('activates at most maxJobsToActivate jobs; a job is not handed out twice while activated', async () => {
    const keys = [await start('one-task'), await start('one-task'), await start('one-task')];
    const first = await activate('one-task-work', { max: 2 });
    const second = await activate('one-task-work', { max: 5 });
    const third = await activate('one-task-work', { max: 5, requestTimeout: -1 });
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(third).toHaveLength(0);
    expect([...first, ...second].map((j) => j.processInstanceKey).sort()).toEqual([...keys].sort());
    for (const j of [...first, ...second]) await h.camunda.completeJob({ jobKey: j.key, variables: {} });
  });

  it('streams jobs to a StreamActivatedJobs worker as they are created', async () => {
    const received: string[] = [];
    const worker = h.camunda.streamJobs({
      type: 'one-task-work',
      worker: 'streamer',
      timeout: 30_000,
      taskHandler: (job: { processInstanceKey: string; complete(v: JSONDoc): Promise<unknown> }) => {
        received.push(job.processInstanceKey);
        return job.complete({ streamed: true });
      },
    } as unknown as Parameters<Harness['camunda']['streamJobs']>[0]);
    await sleep(300);
    const keys = [await start('one-task'), await start('one-task'), await start('one-task')];
    for (const key of keys) await waitForInstanceState(h.sql, key, 'COMPLETED');
    (await worker).close();
    expect(received.sort()).toEqual([...keys].sort());
  });

  it('completes a job at most once: the second CompleteJob is rejected with NOT_FOUND', async () => {
    await start('one-task');
    const [job] = await activate('one-task-work');
    await h.camunda.completeJob({ jobKey: job.key, variables: { done: 1 } });
    await expect(h.camunda.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(
      `Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '${job.key}', but no such job was found`,
    );
  });

  it('FailJob with retries left makes the job activatable again with the new retries and error message', async () => {
    const pik = await start('one-task');
    const [job] = await activate('one-task-work');
    await h.camunda.failJob({ jobKey: job.key, retries: 2, errorMessage: 'flaky', retryBackOff: 0 });
    const [again] = await activate('one-task-work');
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    await h.camunda.completeJob({ jobKey: again.key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
  });

  it('FailJob with a retry back-off keeps the job back until the back-off has passed', async () => {
    await start('one-task');
    const [job] = await activate('one-task-work');
    await h.camunda.failJob({ jobKey: job.key, retries: 1, errorMessage: 'later', retryBackOff: 1500 });
    expect(await activate('one-task-work', { requestTimeout: -1 })).toHaveLength(0);
    const [later] = await activate('one-task-work', { requestTimeout: 8_000 });
    expect(later.key).toBe(job.key);
    await h.camunda.completeJob({ jobKey: later.key, variables: {} });
  });

  it('FailJob with no retries left raises an incident; UpdateJobRetries and ResolveIncident bring the job back', async () => {
    const pik = await start('uncaught-error');
    const [job] = await activate('unc-work');
    await h.camunda.failJob({ jobKey: job.key, retries: 0, errorMessage: 'database down', retryBackOff: 0 });
    const incident = await waitForIncident(h.sql, pik);
    expect(incident).toMatchObject({ element_id: 'work', error_type: 'JOB_NO_RETRIES', error_message: 'database down', job_key: job.key });
    expect(await activate('unc-work', { requestTimeout: -1 })).toHaveLength(0);
    await h.camunda.updateJobRetries({ jobKey: job.key, retries: 1 });
    await h.camunda.resolveIncident({ incidentKey: incident.key });
    const [again] = await activate('unc-work');
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(1);
    await h.camunda.completeJob({ jobKey: again.key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect((await incidents(h.sql, pik)).map((i) => i.state)).toEqual(['RESOLVED']);
  });

  it('a job whose activation timed out (dead worker) is activatable again', async () => {
    await start('one-task');
    const [job] = await activate('one-task-work', { timeout: 500 });
    const [again] = await activate('one-task-work', { requestTimeout: 5_000, timeout: 30_000 });
    expect(again.key).toBe(job.key);
    await h.camunda.completeJob({ jobKey: again.key, variables: {} });
  });

  it('UpdateJobTimeout extends the deadline of an activated job', async () => {
    await start('one-task');
    const [job] = await activate('one-task-work', { timeout: 400 });
    await h.camunda.updateJobTimeout({ jobKey: job.key, timeout: 60_000 });
    await sleep(700);
    expect(await activate('one-task-work', { requestTimeout: -1 })).toHaveLength(0);
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
  });

  it('rejects job commands on unknown jobs and invalid retries with Zeebe status codes', async () => {
    await expect(h.camunda.failJob({ jobKey: '2251799813600000', retries: 1, errorMessage: 'x', retryBackOff: 0 })).rejects.toThrow(
      /5 NOT_FOUND: Command 'FAIL' rejected with code 'NOT_FOUND': Expected to fail job with key '2251799813600000', but no such job was found/,
    );
    await expect(h.camunda.updateJobRetries({ jobKey: '2251799813600000', retries: 0 })).rejects.toThrow(/3 INVALID_ARGUMENT/);
    await expect(h.camunda.updateJobTimeout({ jobKey: '2251799813600000', timeout: 1000 })).rejects.toThrow(/5 NOT_FOUND/);
  });

  it('serves zeebe-node: DeployProcess, CreateProcessInstance and a polling worker', async () => {
    const deployed = await h.zbc.deployProcess(bpmnPath('one-task.bpmn'));
    expect(deployed.processes[0].bpmnProcessId).toBe('one-task');
    const done = new Promise<string>((resolve) => {
      const worker = h.zbc.createWorker({
        taskType: 'one-task-work',
        taskHandler: (job) => {
          resolve(job.processInstanceKey);
          void worker.close();
          return job.complete({ by: 'zeebe-node' });
        },
        loglevel: 'NONE',
      });
    });
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'one-task', variables: { via: 'zeebe-node' } });
    expect(await done).toBe(pi.processInstanceKey);
    await waitForInstanceState(h.sql, pi.processInstanceKey, 'COMPLETED');
  });
});
