/**
 * The demo seed is resumable: its progress is durable (demo_instance_progress), and a seed
 * that finds the engine and the inbox ahead of its records — the crash came after the engine
 * started an instance or the inbox completed a step, before the progress row said so —
 * neither starts the demo again nor repeats a step.
 */
import { DEMO_INSTANCES, DEMO_MARKER_VARIABLE, DemoInstancesService } from '../../src/seed/demo-instances.service';
import { dataSourceOf } from '../procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../support/test-server';

jest.setTimeout(180_000);

/** A P5 report taken through 派单 and 接单, and a P3 finding through 调查处理. */
const SUBSET = DEMO_INSTANCES.filter((d) => d.id === 'p5-manhole' || d.id === 'p3-seal');

describe('resuming the demo seed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
  }, 180_000);
  afterAll(() => server.close());

  const query = (sql: string, params: unknown[] = []): Promise<any[]> => dataSourceOf(server).query(sql, params);
  const seed = () => server.server.app.get(DemoInstancesService).seed(SUBSET);

  /** Instances per demo marker, and completed tasks per element of the demo instances. */
  const engineState = async () => ({
    instances: await query(
      `SELECT variables->>'${DEMO_MARKER_VARIABLE}' AS demo, count(*)::int AS n FROM engine.process_instance
        WHERE variables ? '${DEMO_MARKER_VARIABLE}' GROUP BY 1 ORDER BY 1`,
    ),
    completedSteps: await query(
      `SELECT t.element_id, count(*)::int AS n FROM inbox_tasks t JOIN demo_instance_progress p ON p.process_instance_key = t.process_instance_key
        WHERE t.state = 'completed' GROUP BY 1 ORDER BY 1`,
    ),
  });

  it('records each instance and step as it goes', async () => {
    expect(SUBSET).toHaveLength(2);
    expect(await seed()).toBe(2);
    const rows = await query(
      'SELECT demo_id, process_instance_key::text AS key, steps_done, completed_at FROM demo_instance_progress ORDER BY demo_id',
    );
    expect(rows.map((r) => [r.demo_id, r.steps_done, r.completed_at !== null])).toEqual([
      ['p3-seal', 1, true],
      ['p5-manhole', 2, true],
    ]);
    expect(await engineState()).toEqual({
      instances: [
        { demo: 'p3-seal', n: 1 },
        { demo: 'p5-manhole', n: 1 },
      ],
      completedSteps: [
        { element_id: 'Task_correction_investigate', n: 1 },
        { element_id: 'Task_report_accept', n: 1 },
        { element_id: 'Task_report_dispatch', n: 1 },
      ],
    });
  });

  it('finds the instances and steps a crash left unrecorded, without starting or completing anything twice', async () => {
    const before = await engineState();
    const keys = await query('SELECT demo_id, process_instance_key::text AS key FROM demo_instance_progress ORDER BY demo_id');
    // The crash came after the engine and the inbox had acted, before any progress was written.
    await query('UPDATE demo_instance_progress SET process_instance_key = NULL, steps_done = 0, completed_at = NULL');
    expect(await seed()).toBe(2);
    expect(await engineState()).toEqual(before);
    expect(await query('SELECT demo_id, process_instance_key::text AS key FROM demo_instance_progress ORDER BY demo_id')).toEqual(keys);
    expect(await seed()).toBe(0);
  });

  it('leaves a database alone that has no demo plan but instances started through the server', async () => {
    const before = await engineState();
    await query('DELETE FROM demo_instance_progress');
    expect(await seed()).toBe(0);
    expect(await query('SELECT 1 FROM demo_instance_progress')).toEqual([]);
    expect((await engineState()).instances).toEqual(before.instances);
  });
});
