/** Inclusive gateways through @camunda8/sdk: fork by conditions / default flow, join once when no token can still arrive. */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, startHarness, waitForInstanceState } from './support/engine-harness';

describe('inclusive gateway', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResources([{ name: 'inclusive.bpmn', process: bpmn('inclusive.bpmn') }]);
  });
  afterAll(async () => {
    await h.close();
  });

  const activate = (type: string, requestTimeout = 2_000) =>
    h.camunda.activateJobs({ type, maxJobsToActivate: 10, timeout: 30_000, worker: 'spec', requestTimeout });
  const start = async (x: number) =>
    (await h.camunda.createProcessInstance({ bpmnProcessId: 'inclusive', variables: { x } })).processInstanceKey;
  const finish = async (pik: string) => {
    const after = await activate('incl-after');
    expect(after.map((j) => j.processInstanceKey)).toEqual([pik]);
    await h.camunda.completeJob({ jobKey: after[0].key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    const joins = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'join');
    expect(joins).toEqual([{ element_id: 'join', element_type: 'INCLUSIVE_GATEWAY', state: 'COMPLETED' }]);
  };

  it('takes every flow whose condition holds and joins once both arrived', async () => {
    const pik = await start(10);
    const [a] = await activate('incl-a');
    const [b] = await activate('incl-b');
    await h.camunda.completeJob({ jobKey: a.key, variables: {} });
    expect(await activate('incl-after', -1)).toEqual([]);
    await h.camunda.completeJob({ jobKey: b.key, variables: {} });
    await finish(pik);
  });

  it('with one flow taken the join continues as soon as that token arrives', async () => {
    const pik = await start(3);
    const jobs = await activate('incl-a');
    expect(jobs).toHaveLength(1);
    expect(await activate('incl-b', -1)).toEqual([]);
    await h.camunda.completeJob({ jobKey: jobs[0].key, variables: {} });
    await finish(pik);
  });

  it('takes the default flow when no condition holds', async () => {
    const pik = await start(0);
    await finish(pik);
    expect((await elementStates(h.sql, pik)).map((e) => e.element_id)).toContain('c');
  });
});
