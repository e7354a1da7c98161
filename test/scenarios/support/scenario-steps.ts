/**
 * The steps every procedure scenario takes as the officials do: find the task in the inbox,
 * open it, check its form, submit; wait for the instance to end; move the engine clock.
 * The server and tokens are read when a step runs (they are set up in `beforeAll`).
 */
import { call, type Json } from '../../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../../apps/server/test/inbox/inbox-client';
import { dataSourceOf } from '../../../apps/server/test/procedure-workers/procedure-workers-client';
import type { TestServer } from '../../../apps/server/test/support/test-server';

export interface ScenarioContext {
  server(): TestServer;
  /** The access token of a demo (or test-created) user. */
  token(user: string): string;
}

export function scenarioSteps(context: ScenarioContext) {
  const instanceRow = async (key: string): Promise<{ state: string; variables: Json } | undefined> => {
    const rows = await dataSourceOf(context.server()).query('SELECT state, variables FROM engine.process_instance WHERE key = $1', [key]);
    return rows[0];
  };

  /** Waits for the instance to complete; its variables. */
  const completed = (key: string): Promise<Json> =>
    waitFor(`instance ${key} to complete`, async () => {
      const row = await instanceRow(key);
      return row?.state === 'COMPLETED' ? row.variables : undefined;
    });

  /** `user` finds the task in the inbox, opens it, checks its form, and submits `data`; the opened task. */
  const work = async (user: string, key: string, elementId: string, formId: string, data: Json): Promise<Json> => {
    const server = context.server();
    const token = context.token(user);
    const listed = await waitForTask(server, token, key, elementId);
    const opened = await call(server, 'GET', `/api/tasks/${listed.id}`, { token });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ state: 'open', canComplete: true, form: { formId } });
    const done = await call(server, 'POST', `/api/tasks/${listed.id}/complete`, { token, body: { data } });
    expect({ elementId, status: done.status, body: done.status === 200 ? undefined : done.body }).toEqual({
      elementId,
      status: 200,
      body: undefined,
    });
    expect(done.body.state).toBe('completed');
    return opened.body;
  };

  /**
   * Waits until the instance's token waits at `elementId` (a timer or message catch event): a
   * clock moved before the timer exists would not reach its due date.
   */
  const waitingAt = (key: string, elementId: string): Promise<true> =>
    waitFor(`instance ${key} to wait at ${elementId}`, async () => {
      const rows = await dataSourceOf(context.server()).query(
        "SELECT 1 FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = $2 AND state = 'ACTIVATED'",
        [key, elementId],
      );
      return rows.length > 0 ? true : undefined;
    });

  /** An admin moves the engine clock forward (the server runs with ENGINE_CONTROLLABLE_CLOCK=true). */
  const advanceClock = async (ms: number): Promise<void> => {
    const moved = await call(context.server(), 'POST', '/api/admin/engine-clock', {
      token: context.token('admin'),
      body: { advanceMs: ms },
    });
    expect(moved.status).toBe(200);
  };

  return { instanceRow, completed, work, waitingAt, advanceClock };
}
