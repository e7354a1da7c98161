/**
 * The demo instances `npm start` leaves behind: after the demo seed, every demo official's
 * inbox has work from the five procedures, and starting again adds nothing.
 */
import { DemoInstancesService, DEMO_INSTANCES } from '../../src/seed/demo-instances.service';
import { waitFor } from '../inbox/inbox-client';
import { dataSourceOf } from '../procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { call, login, type Json } from './identity-client';

// Every step goes through HTTP, the engine and the inbox on a machine shared with other test runs.
jest.setTimeout(180_000);

/** Who should find what: the demo officials and the procedures of their open tasks. */
const EXPECTED_WORK: Readonly<Record<string, readonly string[]>> = {
  community: ['committee-correction-exit', 'committee-candidate-vetting', 'major-matter-decision'],
  grid: ['resident-report'],
  property: ['resident-report'],
  committee: ['committee-correction-exit'],
  street: ['committee-correction-exit'],
  industry: ['annual-secretary-review'],
  resident: ['resident-report'],
};

describe(DemoInstancesService.name, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
  }, 180_000);
  afterAll(() => server.close());

  const instanceCount = async (): Promise<number> =>
    Number((await dataSourceOf(server).query('SELECT count(*)::int AS n FROM engine.process_instance'))[0].n);

  it('leaves work of the five procedures in each demo official’s inbox', async () => {
    const seeded = await server.server.app.get(DemoInstancesService).seed();
    expect(seeded).toBe(DEMO_INSTANCES.length);
    const processes = new Set(DEMO_INSTANCES.map((d) => d.process));
    expect(processes.size).toBe(5);
    for (const [user, expected] of Object.entries(EXPECTED_WORK)) {
      const token = await login(server, user);
      const seen = await waitFor(`${user}'s demo tasks`, async () => {
        const page = await call(server, 'GET', '/api/tasks?pageSize=100', { token });
        if (page.status !== 200) throw new Error(`${user}: ${page.status} ${JSON.stringify(page.body)}`);
        const ids = new Set<string>(page.body.items.map((t: Json) => t.bpmnProcessId));
        return expected.every((p) => ids.has(p)) ? ids : undefined;
      });
      expect([...seen].sort()).toEqual([...expected].sort());
    }
    // The demo committee never reported: the monitor started P3 from committee-report-overdue.
    const fromMonitor = await dataSourceOf(server).query(
      `SELECT 1 FROM engine.process_instance WHERE bpmn_process_id = 'committee-correction-exit' AND variables->>'findingType' = 'missed-report'`,
    );
    expect(fromMonitor).toHaveLength(1);
  });

  it('adds nothing when run again', async () => {
    const before = await instanceCount();
    expect(await server.server.app.get(DemoInstancesService).seed()).toBe(0);
    expect(await instanceCount()).toBe(before);
  });
});
