/**
 * The gRPC gateway as clients see it: topology, deployments and versions, instance
 * creation, Zeebe's status codes and messages; driven by zbctl, @camunda8/sdk and zeebe-node.
 */
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { bpmn, bpmnPath, rawGateway, startHarness, waitForInstanceState, type Harness } from './support/engine-harness';

describe('gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers Topology with one healthy leader partition (zbctl status)', async () => {
    const res = await h.zbctl('status');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Cluster size: 1');
    expect(res.stdout).toContain('Partition 1 : Leader, Healthy');
    const topology = await h.camunda.topology();
    expect(topology.brokers[0].partitions[0]).toMatchObject({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
  });

  it('deploys with zbctl, creates an instance, activates and completes its job with zbctl', async () => {
    const deployed = await h.zbctl('deploy', 'resource', bpmnPath('one-task.bpmn'));
    expect(deployed.code).toBe(0);
    expect(JSON.parse(deployed.stdout).deployments[0].process.bpmnProcessId).toBe('one-task');
    const created = await h.zbctl('create', 'instance', 'one-task', '--variables', '{"from":"zbctl"}');
    expect(created.code).toBe(0);
    const pik = String(JSON.parse(created.stdout).processInstanceKey);
    const activated = await h.zbctl('activate', 'jobs', 'one-task-work', '--maxJobsToActivate', '1', '--requestTimeout', '5s');
    expect(activated.code).toBe(0);
    const job = JSON.parse(activated.stdout).jobs[0];
    expect(String(job.processInstanceKey)).toBe(pik);
    expect(JSON.parse(job.variables)).toEqual({ from: 'zbctl' });
    const completed = await h.zbctl('complete', 'job', String(job.key), '--variables', '{"done":true}');
    expect(completed.code).toBe(0);
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
  });

  it('returns the existing version when identical content is redeployed, and a new version when it changes', async () => {
    const first = await h.camunda.deployResource({ processFilename: bpmnPath('parallel.bpmn') });
    const again = await h.camunda.deployResource({ processFilename: bpmnPath('parallel.bpmn') });
    expect(again.deployments[0].process).toEqual(first.deployments[0].process);
    const changed = readFileSync(bpmnPath('parallel.bpmn'), 'utf8').replace('type="par-after"', 'type="par-after-v2"');
    const second = await h.camunda.deployResource({ process: Buffer.from(changed), name: 'parallel.bpmn' });
    expect(second.deployments[0].process.version).toBe(first.deployments[0].process.version + 1);
    expect(second.deployments[0].process.processDefinitionKey).not.toBe(first.deployments[0].process.processDefinitionKey);
  });

  it('creates instances of the latest version, of a given version, or by definition key', async () => {
    const v1 = (await h.camunda.deployResource({ processFilename: bpmnPath('exclusive-gateway.bpmn') })).deployments[0].process;
    const changed = bpmn('exclusive-gateway.bpmn').toString('utf8').replace('type="xgw-other"', 'type="xgw-other-v2"');
    const v2 = (await h.camunda.deployResource({ process: Buffer.from(changed), name: 'exclusive-gateway.bpmn' })).deployments[0].process;
    const latest = await h.camunda.createProcessInstance({ bpmnProcessId: 'exclusive-gateway', variables: {} });
    expect(latest.version).toBe(v2.version);
    const byVersion = await h.camunda.createProcessInstance({ bpmnProcessId: 'exclusive-gateway', version: v1.version, variables: {} });
    expect(byVersion.processDefinitionKey).toBe(v1.processDefinitionKey);
    const raw = rawGateway(h.engine.address);
    const byKey = await raw.call<{ version: number; bpmnProcessId: string }>('CreateProcessInstance', {
      processDefinitionKey: v1.processDefinitionKey,
    });
    raw.close();
    expect(byKey).toMatchObject({ version: v1.version, bpmnProcessId: 'exclusive-gateway' });
  });

  it('deploys a form and reports its form id, version and key', async () => {
    const res = await h.camunda.deployResources([{ name: 'review-form.form', form: bpmn('review-form.form') }]);
    expect((res.deployments[0] as { form?: unknown }).form).toMatchObject({
      formId: 'review-form',
      version: 1,
      resourceName: 'review-form.form',
    });
  });

  it('rejects an invalid BPMN with INVALID_ARGUMENT naming the element', async () => {
    await expect(h.camunda.deployResource({ processFilename: bpmnPath('broken.bpmn') })).rejects.toThrow(
      /3 INVALID_ARGUMENT: Command 'CREATE' rejected with code 'INVALID_ARGUMENT'.*noType/s,
    );
  });

  it('rejects creating an instance of an unknown process with NOT_FOUND', async () => {
    await expect(h.camunda.createProcessInstance({ bpmnProcessId: 'nope', variables: {} })).rejects.toThrow(
      "5 NOT_FOUND: Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID 'nope', but none found",
    );
  });

  it('rejects variables that are not a JSON object with INVALID_ARGUMENT', async () => {
    const raw = rawGateway(h.engine.address);
    const err = await raw
      .call('CreateProcessInstance', { bpmnProcessId: 'one-task', version: -1, variables: '[1,2]' })
      .catch((e: grpc.ServiceError) => e);
    raw.close();
    expect(err).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect((err as grpc.ServiceError).details).toBe(
      "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
    );
  });

  it('answers RPCs it does not implement with UNIMPLEMENTED', async () => {
    const raw = rawGateway(h.engine.address);
    const err = await raw.call('DeleteResource', { resourceKey: '1' }).catch((e: grpc.ServiceError) => e);
    raw.close();
    expect(err).toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });
});
