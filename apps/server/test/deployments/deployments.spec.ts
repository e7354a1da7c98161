/**
 * POST /api/deployments and the form registry's versions, through HTTP against the real
 * server and embedded engine (the inbox fixtures deploy at boot as version 1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import { FIXTURES, startInboxServer } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';

jest.setTimeout(60_000);

const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

/** A service task without its job type: the engine refuses it naming the element. */
const MISSING_TASK_TYPE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_bad" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="designer-bad" name="缺少任务类型" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_notify" />
    <bpmn:serviceTask id="Task_notify" name="发送通知"><bpmn:incoming>Flow_1</bpmn:incoming></bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;

describe('designer deployments', () => {
  let server: TestServer;
  let admin: string;
  let branch: string;

  beforeAll(async () => {
    server = await startInboxServer();
    await seedDemo(server);
    [admin, branch] = await Promise.all([login(server, 'admin'), login(server, 'branch')]);
  }, 90_000);
  afterAll(() => server?.close());

  const deploy = (token: string, resources: Json) => call(server, 'POST', '/api/deployments', { token, body: { resources } });

  it('deploys a changed process as a new version, visible in the definitions and to starters', async () => {
    const changed = fixture('processes/inbox-review.bpmn').replace('name="社区审核"', 'name="社区初审"');
    const response = await deploy(admin, [{ name: 'inbox-review.bpmn', content: changed }]);
    expect(response.status).toBe(201);
    expect(response.body.deployed).toEqual([{ kind: 'process', id: 'inbox-review', version: 2, key: expect.stringMatching(/^\d+$/) }]);
    const key = response.body.deployed[0].key;

    const definitions = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=inbox-review', { token: admin });
    expect(definitions.status).toBe(200);
    expect(definitions.body.map((d: Json) => d.version)).toEqual([2, 1]);
    expect(definitions.body[0]).toMatchObject({ processDefinitionKey: key, name: '测试：事项审核', resourceName: 'inbox-review.bpmn' });
    const detail = await call(server, 'GET', `/api/process-definitions/${key}`, { token: admin });
    expect(detail.body.bpmnXml).toContain('name="社区初审"');

    // Recorded as boot records it: the start form and starter roles come from the new XML.
    const processes = await call(server, 'GET', '/api/processes', { token: branch });
    expect(processes.body.find((p: Json) => p.bpmnProcessId === 'inbox-review')).toMatchObject({
      version: 2,
      processDefinitionKey: key,
      startForm: { formId: 'inbox-start' },
    });
  });

  it('answers a process the engine refuses with 400 naming the resource, the element and the reason', async () => {
    const response = await deploy(admin, [{ name: 'designer-bad.bpmn', content: MISSING_TASK_TYPE }]);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        field: 'resources[0].content',
        resource: 'designer-bad.bpmn',
        elementId: 'Task_notify',
        reason: expect.stringContaining('zeebe:taskDefinition'),
        message: expect.stringContaining('Task_notify'),
      }),
    ]);
    const definitions = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=designer-bad', { token: admin });
    expect(definitions.body).toEqual([]);
  });

  it('answers XML that does not parse with 400 naming the resource', async () => {
    const response = await deploy(admin, [{ name: 'broken.bpmn', content: '<bpmn:definitions><oops' }]);
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0]).toMatchObject({ field: 'resources[0].content', resource: 'broken.bpmn' });
    expect(response.body.errors[0].reason.length).toBeGreaterThan(0);
  });

  it('deploys a changed form as a new version and serves its versions and schema', async () => {
    const changed = fixture('forms/inbox-review.form').replace('"label": "说明"', '"label": "审核说明"');
    const response = await deploy(admin, [{ name: 'inbox-review.form', content: changed }]);
    expect(response.status).toBe(201);
    expect(response.body.deployed).toEqual([{ kind: 'form', id: 'inbox-review', version: 2, key: expect.stringMatching(/^\d+$/) }]);

    const versions = await call(server, 'GET', '/api/form-definitions?formId=inbox-review', { token: branch });
    expect(versions.status).toBe(200);
    expect(versions.body.map((f: Json) => f.version)).toEqual([2, 1]);
    expect(versions.body[0]).toMatchObject({ formKey: response.body.deployed[0].key, resourceName: 'inbox-review.form' });
    expect(Date.parse(versions.body[0].deployedAt)).not.toBeNaN();

    const all = await call(server, 'GET', '/api/form-definitions', { token: branch });
    expect(all.body.map((f: Json) => f.formId)).toEqual(expect.arrayContaining(['inbox-review', 'inbox-start']));

    const detail = await call(server, 'GET', `/api/form-definitions/${response.body.deployed[0].key}`, { token: branch });
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body.schema)).toContain('审核说明');
    expect((await call(server, 'GET', '/api/form-definitions/999999999', { token: branch })).status).toBe(404);
    expect((await call(server, 'GET', '/api/form-definitions/not-a-key', { token: branch })).status).toBe(400);
  });

  it('refuses an invalid form before anything of the request deploys', async () => {
    const process = fixture('processes/inbox-review.bpmn');
    const response = await deploy(admin, [
      { name: 'inbox-review.bpmn', content: process },
      { name: 'broken.form', content: fixture('forms/broken.form') },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'resources[1].content', resource: 'broken.form', reason: expect.stringContaining('form-js') }),
    ]);
    const notJson = await deploy(admin, [{ name: 'x.form', content: '{"id": ' }]);
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].reason).toContain('JSON');
    // The process of the refused request did not deploy: versions 1 and 2 (the first test) only.
    const definitions = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=inbox-review', { token: admin });
    expect(definitions.body.map((d: Json) => d.version)).toEqual([2, 1]);
  });

  it('validates the body, naming each field', async () => {
    const wrongExtension = await deploy(admin, [{ name: 'notes.txt', content: 'x' }]);
    expect(wrongExtension.status).toBe(400);
    expect(wrongExtension.body.errors).toEqual([expect.objectContaining({ field: 'resources[0].name' })]);
    expect(wrongExtension.body.errors[0].message).toMatch(/\.bpmn/);

    const folder = await deploy(admin, [{ name: '../x.bpmn', content: MISSING_TASK_TYPE }]);
    expect(folder.status).toBe(400);
    expect(folder.body.errors[0].field).toBe('resources[0].name');

    const empty = await deploy(admin, [{ name: 'x.bpmn', content: '' }]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('resources[0].content');

    const none = await deploy(admin, []);
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('resources');

    const duplicate = await deploy(admin, [
      { name: 'a.bpmn', content: MISSING_TASK_TYPE },
      { name: 'a.bpmn', content: MISSING_TASK_TYPE },
    ]);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].message).toContain('重复');

    const tooLarge = await call(server, 'POST', '/api/deployments', {
      token: admin,
      body: { resources: [{ name: 'big.bpmn', content: 'x'.repeat(1024 * 1024 + 1) }] },
    });
    expect(tooLarge.status).toBe(413);
  });

  it('is for admins only', async () => {
    const response = await deploy(branch, [{ name: 'inbox-review.bpmn', content: fixture('processes/inbox-review.bpmn') }]);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const anonymous = await call(server, 'POST', '/api/deployments', { body: { resources: [] } });
    expect(anonymous.status).toBe(401);
  });
});
