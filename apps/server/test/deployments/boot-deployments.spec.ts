/**
 * Deploy-on-boot across restarts (D7): a version deployed from the designer stays the newest
 * when the server restarts and the bundled file did not change; a changed bundled file is
 * deployed and becomes the newest. Servers in turn on one real PostgreSQL database, with
 * PROCESSES_DIR and FORMS_DIR copies the test edits — on the embedded engine, and on
 * ENGINE=zeebe against an engine of its own reached only through the gateway (the rule is the
 * server's, so it must hold there too).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { startEngine, type EmbeddedEngine } from '@rp/engine';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { loadConfig } from '../../src/config/app-config';
import { startServer, type RunningServer } from '../../src/server';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import { FIXTURES } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';

// Generous: several server starts on a shared machine.
jest.setTimeout(240_000);

const BPMN = 'processes/inbox-review.bpmn';
const FORM = 'forms/inbox-start.form';

/** The SDK reads its auth settings from the environment on ENGINE=zeebe (as in docker-compose.yml). */
const SDK_ENV: Readonly<Record<string, string>> = { CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_OAUTH_DISABLED: 'true' };

describe.each(['embedded', 'zeebe'] as const)('deploy-on-boot keeps the designer’s versions across restarts (ENGINE=%s)', (engineMode) => {
  let database: TestDatabase;
  /** ENGINE=zeebe: the engine standing in for the Zeebe cluster, on a database of its own; it outlives the server restarts. */
  let zeebe: { engine: EmbeddedEngine; database: TestDatabase; savedEnv: Record<string, string | undefined> } | undefined;
  let dataDir: string;
  let bundle: string;
  let running: RunningServer | undefined;
  /** The server now running; the cases continue on the same database one after the other. */
  let server: TestServer;

  const start = async (): Promise<TestServer> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      ENGINE_GRPC_PORT: '0',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      PROCESSES_DIR: join(bundle, 'processes'),
      FORMS_DIR: join(bundle, 'forms'),
      ...(zeebe ? { ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${zeebe.engine.port}` } : {}),
    });
    running = await startServer(config, database.url);
    return { url: running.url, config, database, server: running, close: () => running?.close() ?? Promise.resolve() };
  };
  const restart = async (): Promise<TestServer> => {
    await server.close();
    running = undefined;
    server = await start();
    return server;
  };

  const bundled = (path: string): string => readFileSync(join(bundle, path), 'utf8');
  const editBundled = (path: string, from: string, to: string): void => {
    const content = bundled(path);
    expect(content).toContain(from);
    writeFileSync(join(bundle, path), content.replace(from, to));
  };

  /** What /api/health says the boot did with the two files this spec watches. */
  const bootReport = async (): Promise<{ deployed: string[]; unchanged: string[] }> => {
    const health = await call(server, 'GET', '/api/health');
    expect(health.body.deployments.status).toBe('done');
    const watched = (list: Json[]): string[] =>
      list
        .map((d) => d.resource as string)
        .filter((r) => r === BPMN || r === FORM)
        .sort();
    return { deployed: watched(health.body.deployments.deployed), unchanged: watched(health.body.deployments.unchanged) };
  };

  /** inbox-review's versions, newest first, with the newest's XML. */
  const processVersions = async (token: string): Promise<{ versions: number[]; newestXml: string }> => {
    const listed = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=inbox-review', { token });
    expect(listed.status).toBe(200);
    const detail = await call(server, 'GET', `/api/process-definitions/${listed.body[0].processDefinitionKey}`, { token });
    return { versions: listed.body.map((d: Json) => d.version), newestXml: detail.body.bpmnXml };
  };

  const formVersions = async (token: string): Promise<number[]> => {
    const listed = await call(server, 'GET', '/api/form-definitions?formId=inbox-start', { token });
    expect(listed.status).toBe(200);
    return listed.body.map((f: Json) => f.version);
  };

  /** A new instance, as 南营社区's branch starts one: which process version and start form version it gets. */
  const startInstance = async (token: string): Promise<{ version: number; startFormVersion: number }> => {
    const listed = await call(server, 'GET', '/api/processes', { token });
    const review = listed.body.find((p: Json) => p.bpmnProcessId === 'inbox-review');
    const started = await call(server, 'POST', '/api/processes/inbox-review/instances', {
      token,
      body: { data: { title: '重启后发起', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' } },
    });
    expect(started.status).toBe(201);
    return { version: started.body.version, startFormVersion: review.startForm.version };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'rp-boot-deploy-'));
    bundle = mkdtempSync(join(tmpdir(), 'rp-boot-bundle-'));
    cpSync(join(FIXTURES, 'processes'), join(bundle, 'processes'), { recursive: true });
    cpSync(join(FIXTURES, 'forms'), join(bundle, 'forms'), { recursive: true });
    if (engineMode === 'zeebe') {
      const engineDatabase = await createTestDatabase();
      const savedEnv = Object.fromEntries(Object.keys(SDK_ENV).map((name) => [name, process.env[name]]));
      Object.assign(process.env, SDK_ENV);
      zeebe = { engine: await startEngine({ databaseUrl: engineDatabase.url, port: 0 }), database: engineDatabase, savedEnv };
    }
  });
  afterAll(async () => {
    await running?.close();
    if (zeebe) {
      await zeebe.engine.stop();
      await zeebe.database.drop();
      for (const [name, value] of Object.entries(zeebe.savedEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bundle, { recursive: true, force: true });
  });

  it('redeploys only changed bundled files; the designer’s process and form stay the newest until then', async () => {
    // First boot: everything deploys as version 1.
    server = await start();
    expect(server.config.engine).toBe(engineMode);
    await seedDemo(server);
    let admin = await login(server, 'admin');
    let branch = await login(server, 'branch');
    expect(await bootReport()).toEqual({ deployed: [FORM, BPMN], unchanged: [] });
    expect((await processVersions(admin)).versions).toEqual([1]);

    // The administrator changes both in the designers and deploys them: version 2 of each.
    const designerXml = bundled(BPMN).replace('name="社区审核"', 'name="社区初审"');
    const designerForm = bundled(FORM).replace('"label": "事项"', '"label": "申请事项"');
    const deployed = await call(server, 'POST', '/api/deployments', {
      token: admin,
      body: {
        resources: [
          { name: 'inbox-review.bpmn', content: designerXml },
          { name: 'inbox-start.form', content: designerForm },
        ],
      },
    });
    expect(deployed.status).toBe(201);
    expect(deployed.body.deployed.map((d: Json) => `${d.kind}:${d.id}:${d.version}`).sort()).toEqual([
      'form:inbox-start:2',
      'process:inbox-review:2',
    ]);

    // Restart with the bundled files unchanged: nothing is redeployed, the designer's versions stay newest.
    await restart();
    [admin, branch] = [await login(server, 'admin'), await login(server, 'branch')];
    expect(await bootReport()).toEqual({ deployed: [], unchanged: [FORM, BPMN] });
    let processes = await processVersions(admin);
    expect(processes.versions).toEqual([2, 1]);
    expect(processes.newestXml).toBe(designerXml);
    expect(await formVersions(admin)).toEqual([2, 1]);
    expect(await startInstance(branch)).toEqual({ version: 2, startFormVersion: 2 });

    // A database from before the boot kept checksums: the registries show the files were deployed, so they still are not.
    const db = (): DataSource => server.server.app.get<DataSource>(getDataSourceToken());
    await db().query('DELETE FROM boot_deployments');
    await restart();
    [admin, branch] = [await login(server, 'admin'), await login(server, 'branch')];
    expect(await bootReport()).toEqual({ deployed: [], unchanged: [FORM, BPMN] });
    expect((await processVersions(admin)).versions).toEqual([2, 1]);
    expect(await formVersions(admin)).toEqual([2, 1]);
    const remembered: { resource: string }[] = await db().query('SELECT resource FROM boot_deployments WHERE resource = ANY($1)', [
      [BPMN, FORM],
    ]);
    expect(remembered.map((r) => r.resource).sort()).toEqual([FORM, BPMN]);

    // A new release changes the bundled files: they deploy at the next boot and become the newest.
    editBundled(BPMN, 'name="社区审核"', 'name="社区复核"');
    editBundled(FORM, '"label": "事项"', '"label": "事项名称"');
    await restart();
    [admin, branch] = [await login(server, 'admin'), await login(server, 'branch')];
    expect(await bootReport()).toEqual({ deployed: [FORM, BPMN], unchanged: [] });
    processes = await processVersions(admin);
    expect(processes.versions).toEqual([3, 2, 1]);
    expect(processes.newestXml).toBe(bundled(BPMN));
    expect(processes.newestXml).toContain('name="社区复核"');
    expect(await formVersions(admin)).toEqual([3, 2, 1]);
    expect(await startInstance(branch)).toEqual({ version: 3, startFormVersion: 3 });

    // And the boot after that, with nothing changed, deploys nothing again.
    await restart();
    expect(await bootReport()).toEqual({ deployed: [], unchanged: [FORM, BPMN] });
    expect((await processVersions(await login(server, 'admin'))).versions).toEqual([3, 2, 1]);
  });

  it('keeps reporting a rejected bundled file at every boot (it is never recorded as deployed)', async () => {
    await restart();
    const health = await call(server, 'GET', '/api/health');
    expect(health.body.deployments.rejected.map((r: Json) => r.resource).sort()).toEqual(['forms/broken.form', 'forms/not-json.form']);
    const rows: { resource: string }[] = await server.server.app
      .get<DataSource>(getDataSourceToken())
      .query("SELECT resource FROM boot_deployments WHERE resource LIKE 'forms/%' ORDER BY resource");
    expect(rows.map((r) => r.resource)).toEqual(['forms/inbox-review.form', FORM]);
  });
});
