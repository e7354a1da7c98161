/**
 * One P1 (committee-candidate-vetting) per compound at a time: POST
 * /api/processes/committee-candidate-vetting/instances answers 409 naming the running
 * instance, whoever started it (the API, or the engine as P3's by-election call activity
 * does), and starts again once it has ended. Real server, real processes/ and forms/; on
 * ENGINE=zeebe too, against an engine reached only through the gateway.
 */
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import { call, login, type Json } from '../identity/identity-client';
import { waitForTask } from '../inbox/inbox-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { startZeebeModeServer, type ZeebeModeServer } from '../support/zeebe-mode-engine';

jest.setTimeout(180_000);

const P1 = 'committee-candidate-vetting';
const JINXIU = 'wf-dongda-nanying-jinxiu';
const YUHUA = 'wf-dongda-nanying-yuhua';

describe('one committee candidate vetting per compound at a time', () => {
  let server: TestServer;
  let community: string;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    community = await login(server, 'community');
  }, 180_000);
  afterAll(() => server?.close());

  const register = (compoundId: string) =>
    call(server, 'POST', `/api/processes/${P1}/instances`, {
      token: community,
      body: { data: { compoundId, seats: 5, electionDate: '2027-03-01' } },
    });
  const engine = () => server.server.app.get(WorkflowEngineService).grpc();
  const stateOf = async (key: string): Promise<string> => {
    const rows: { state: string }[] = await server.server.app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT state FROM engine.process_instance WHERE key = $1', [key]);
    return rows[0]?.state ?? 'missing';
  };

  const expectRefusedFor = (refused: { status: number; body: Json }, runningKey: string): void => {
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', runningProcessInstanceKey: runningKey });
    expect(refused.body.message).toMatch(
      new RegExp(
        `^锦绣花园小区已有正在进行的“业主委员会成员候选人推荐、提名、考察”（流程实例 ${runningKey}，\\d{4}年\\d{1,2}月\\d{1,2}日发起）`,
      ),
    );
    expect(refused.body.errors).toEqual([{ field: 'data.compoundId', code: 'instanceRunning', message: refused.body.message }]);
  };

  it('refuses a second P1 for a compound while one runs, and starts one again once it has ended', async () => {
    const first = await register(JINXIU);
    expect(first.status).toBe(201);
    const firstKey = first.body.processInstanceKey as string;

    const second = await register(JINXIU);
    expectRefusedFor(second, firstKey);

    await engine().cancelProcessInstance(firstKey);
    expect(await stateOf(firstKey)).toBe('TERMINATED');
    const again = await register(JINXIU);
    expect(again.status).toBe(201);
    expect(again.body.processInstanceKey).not.toBe(firstKey);
    await engine().cancelProcessInstance(again.body.processInstanceKey);
  });

  it('counts a P1 the engine started itself (as P3’s by-election call activity does)', async () => {
    const created = await engine().createProcessInstance({
      bpmnProcessId: P1,
      variables: {
        compoundId: JINXIU,
        communityId: 'wf-dongda-nanying',
        streetId: 'wf-dongda',
        districtId: 'wf',
        seats: 1,
        byElection: true,
      },
    });
    const byElection = String(created.processInstanceKey);
    expectRefusedFor(await register(JINXIU), byElection);
    await engine().cancelProcessInstance(byElection);
  });

  it('of two simultaneous requests for one compound, starts exactly one', async () => {
    const answers = await Promise.all([register(YUHUA), register(YUHUA)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const started = answers.find((a) => a.status === 201);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.body.runningProcessInstanceKey).toBe(started?.body.processInstanceKey);
    expect(refused?.body.message).toContain('裕华苑小区已有正在进行的');
    // The other compound is not affected by 裕华苑's running vetting.
    const jinxiu = await register(JINXIU);
    expect(jinxiu.status).toBe(201);
  });
});

describe('one committee candidate vetting per compound at a time, on ENGINE=zeebe', () => {
  let zeebeMode: ZeebeModeServer;
  let community: string;

  beforeAll(async () => {
    zeebeMode = await startZeebeModeServer({ SEED_DEMO: 'true' });
    community = await login(zeebeMode.server, 'community');
  }, 180_000);
  afterAll(() => zeebeMode?.close());

  const register = (compoundId: string) =>
    call(zeebeMode.server, 'POST', `/api/processes/${P1}/instances`, {
      token: community,
      body: { data: { compoundId, seats: 5, electionDate: '2027-03-01' } },
    });

  it('refuses a second P1 while the first runs (asked through the gateway), and starts one once it was cancelled', async () => {
    const first = await register(JINXIU);
    expect(first.status).toBe(201);
    const firstKey = first.body.processInstanceKey as string;
    const second = await register(JINXIU);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'CONFLICT', runningProcessInstanceKey: firstKey });
    expect(second.body.errors).toEqual([expect.objectContaining({ field: 'data.compoundId', code: 'instanceRunning' })]);

    await zeebeMode.zeebe.cancelProcessInstance(firstKey);
    const again = await register(JINXIU);
    expect(again.status).toBe(201);
    await zeebeMode.zeebe.cancelProcessInstance(again.body.processInstanceKey as string);
  });

  it('of two simultaneous requests for one compound, starts exactly one', async () => {
    const answers = await Promise.all([register(JINXIU), register(JINXIU)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const started = answers.find((a) => a.status === 201);
    expect(answers.find((a) => a.status === 409)?.body.runningProcessInstanceKey).toBe(started?.body.processInstanceKey);
    await zeebeMode.zeebe.cancelProcessInstance(started?.body.processInstanceKey as string);
  });

  it('counts a P1 the engine started itself once its first task reached the inbox', async () => {
    const created = await zeebeMode.zeebe.createProcessInstance({
      bpmnProcessId: P1,
      variables: {
        compoundId: YUHUA,
        communityId: 'wf-dongda-nanying',
        streetId: 'wf-dongda',
        districtId: 'wf',
        seats: 1,
        byElection: true,
      },
    });
    const byElection = String(created.processInstanceKey);
    await waitForTask(zeebeMode.server, community, byElection, 'Task_vetting_structure');
    const refused = await register(YUHUA);
    expect(refused.status).toBe(409);
    expect(refused.body.runningProcessInstanceKey).toBe(byElection);
    expect(refused.body.message).toContain('裕华苑小区已有正在进行的');
  });
});
