import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployResources, JobOutcomes, JobWorker, listResources, type RawActivatedJob, type WorkflowClient } from '../src';

/** A gateway stand-in that hands out the given jobs once and records what the worker did. */
function fakeClient(jobs: RawActivatedJob[]): WorkflowClient & { calls: string[] } {
  const calls: string[] = [];
  let pending = [...jobs];
  return {
    calls,
    activateJobs: async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return batch;
    },
    completeJob: async (r) => void calls.push(`complete ${r.jobKey} ${JSON.stringify(r.variables)}`),
    failJob: async (r) => void calls.push(`fail ${r.jobKey} retries=${r.retries} backoff=${r.retryBackOff} ${r.errorMessage}`),
    throwError: async (r) => void calls.push(`error ${r.jobKey} ${r.errorCode}`),
    deployResource: async (r) => {
      calls.push(`deploy ${r.name}`);
      if (r.name.includes('bad')) throw Object.assign(new Error('3 INVALID_ARGUMENT: nope'), { details: 'nope' });
      return { key: '1', deployments: 'form' in r ? [{ form: { formId: 'f', version: 1, formKey: '2', resourceName: r.name } }] : [] };
    },
  };
}

const job = (key: string, variables: Record<string, unknown> = {}): RawActivatedJob => ({
  key,
  type: 't',
  processInstanceKey: '10',
  bpmnProcessId: 'p',
  processDefinitionVersion: 1,
  elementId: 'e',
  elementInstanceKey: '11',
  customHeaders: { 'io.camunda.zeebe:candidateGroups': '["a:b"]' },
  variables,
  retries: 3,
  deadline: '0',
  worker: 'w',
});

describe(JobWorker.name, () => {
  it('applies each outcome the handler returns, and fails a throwing handler with its retries unchanged', async () => {
    const client = fakeClient([job('1', { n: 1 }), job('2'), job('3'), job('4'), job('5')]);
    const worker = new JobWorker(client, {
      type: 't',
      worker: 'w',
      timeoutMs: 1000,
      pollMs: 10,
      onError: () => undefined,
      handler: async (j) => {
        switch (j.key) {
          case '1':
            return JobOutcomes.complete({ doubled: (j.variables['n'] as number) * 2 });
          case '2':
            return JobOutcomes.fail('busy', 2, 100);
          case '3':
            return JobOutcomes.error('abort', 'stop');
          case '4':
            return JobOutcomes.keep();
          default:
            throw new Error('boom');
        }
      },
    });
    worker.start();
    while (client.calls.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await worker.stop();
    expect(client.calls.sort()).toEqual([
      'complete 1 {"doubled":2}',
      'error 3 abort',
      'fail 2 retries=2 backoff=100 busy',
      'fail 5 retries=3 backoff=5000 boom',
    ]);
  });
});

describe(deployResources.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rp-workflow-'));
    mkdirSync(join(dir, 'forms'));
    mkdirSync(join(dir, 'processes'));
    writeFileSync(join(dir, 'processes', 'a.bpmn'), '<xml/>');
    writeFileSync(join(dir, 'processes', 'bad.bpmn'), '<xml/>');
    writeFileSync(join(dir, 'forms', 'f.form'), '{"id":"f","components":[]}');
    writeFileSync(join(dir, 'forms', 'checked.form'), '{}');
    writeFileSync(join(dir, 'forms', 'README.md'), 'not a resource');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deploys forms first, one resource per call, and reports each rejection with its reason', async () => {
    const client = fakeClient([]);
    const files = listResources([join(dir, 'processes'), join(dir, 'forms')]);
    const outcomes = await deployResources(client, files, { check: (f) => (f.name === 'checked.form' ? 'not form-js' : undefined) });
    expect(client.calls).toEqual(['deploy f.form', 'deploy a.bpmn', 'deploy bad.bpmn']);
    expect(outcomes.map((o) => [o.file.name, o.ok ? 'ok' : o.reason])).toEqual([
      ['checked.form', 'not form-js'],
      ['f.form', 'ok'],
      ['a.bpmn', 'ok'],
      ['bad.bpmn', 'nope'],
    ]);
  });
});
