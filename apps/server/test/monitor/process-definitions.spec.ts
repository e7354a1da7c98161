import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeploymentService } from '../../src/processes/deployment.service';
import type { Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { call, MONITOR_FIXTURES, startMonitorServer, tokensFor } from './monitor-client';

describe('process definitions API', () => {
  let server: TestServer;
  let tokens: Record<string, string>;

  // A copy of the fixtures, so a spec can change a file and deploy it again.
  const processesDir = mkdtempSync(join(tmpdir(), 'rp-monitor-processes-'));

  beforeAll(async () => {
    cpSync(join(MONITOR_FIXTURES, 'processes'), processesDir, { recursive: true });
    server = await startMonitorServer({ PROCESSES_DIR: processesDir });
    tokens = await tokensFor(server, ['resident', 'admin']);
  });
  afterAll(async () => {
    await server.close();
    rmSync(processesDir, { recursive: true, force: true });
  });

  it('lists every deployed version to any signed-in user, filtered by process', async () => {
    const all = await call(server, 'GET', '/api/process-definitions', { token: tokens['resident'] });
    expect(all.status).toBe(200);
    expect(all.body.map((d: Json) => d.bpmnProcessId).sort()).toEqual(['monitor-notify', 'monitor-repair']);
    const repair = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=monitor-repair', { token: tokens['resident'] });
    expect(repair.status).toBe(200);
    expect(repair.body).toEqual([
      {
        processDefinitionKey: expect.stringMatching(/^\d+$/),
        bpmnProcessId: 'monitor-repair',
        name: '测试：维修申请',
        version: 1,
        resourceName: 'monitor-repair.bpmn',
        deployedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(repair.body[0]).not.toHaveProperty('bpmnXml');
    const none = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=no-such-process', { token: tokens['resident'] });
    expect(none.body).toEqual([]);
  });

  it('lists a new version first once it is deployed', async () => {
    const file = join(processesDir, 'monitor-notify.bpmn');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name="发送通知"', 'name="发送短信通知"'));
    // The boot-time deploy again: the changed file becomes version 2 and is recorded with its XML.
    await server.server.app.get(DeploymentService).onApplicationBootstrap();
    const versions = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=monitor-notify', { token: tokens['admin'] });
    expect(versions.body.map((d: Json) => d.version)).toEqual([2, 1]);
    const latest = await call(server, 'GET', `/api/process-definitions/${versions.body[0].processDefinitionKey}`, {
      token: tokens['admin'],
    });
    expect(latest.body.bpmnXml).toContain('发送短信通知');
    const previous = await call(server, 'GET', `/api/process-definitions/${versions.body[1].processDefinitionKey}`, {
      token: tokens['admin'],
    });
    expect(previous.body.bpmnXml).not.toContain('发送短信通知');
  });

  it('returns one definition with its deployed XML; 404 unknown, 400 a malformed key', async () => {
    const [repair] = (await call(server, 'GET', '/api/process-definitions?bpmnProcessId=monitor-repair', { token: tokens['resident'] }))
      .body;
    const one = await call(server, 'GET', `/api/process-definitions/${repair.processDefinitionKey}`, { token: tokens['resident'] });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ ...repair, bpmnXml: expect.stringContaining('<bpmn:process id="monitor-repair"') });
    expect(one.body.bpmnXml).toContain('bpmndi:BPMNDiagram');

    const unknown = await call(server, 'GET', '/api/process-definitions/12345', { token: tokens['resident'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const malformed = await call(server, 'GET', '/api/process-definitions/abc', { token: tokens['resident'] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('processDefinitionKey');
    const badFilter = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=1%20x', { token: tokens['resident'] });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].field).toBe('bpmnProcessId');
    expect((await call(server, 'GET', '/api/process-definitions')).status).toBe(401);
  });

  it('fills the XML of rows recorded before the column existed on the next deploy', async () => {
    const db = server.server.app.get<DataSource>(getDataSourceToken());
    await db.query('UPDATE process_definitions SET bpmn_xml = NULL');
    const [repair] = (await call(server, 'GET', '/api/process-definitions?bpmnProcessId=monitor-repair', { token: tokens['admin'] })).body;
    const missing = await call(server, 'GET', `/api/process-definitions/${repair.processDefinitionKey}`, { token: tokens['admin'] });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('重新部署');
    await server.server.app.get(DeploymentService).onApplicationBootstrap();
    const filled = await call(server, 'GET', `/api/process-definitions/${repair.processDefinitionKey}`, { token: tokens['admin'] });
    expect(filled.status).toBe(200);
    expect(filled.body.bpmnXml).toContain('monitor-repair');
  });
});
