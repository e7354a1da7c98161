/**
 * 流程实例 in a real browser against the real server: an admin filters the instances of
 * the units they manage, opens one and sees the diagram with its running step marked and
 * its variables; an instance stopped by an incident (its gateway reads a missing variable)
 * shows it in red, and setting the variable then 重试 clears it. The task page shows the
 * process diagram with the current step marked. Screenshots land in test-artifacts/screenshots.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor } from '../../apps/server/test/inbox/inbox-client';
import { MONITOR_FIXTURES } from '../../apps/server/test/monitor/monitor-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import {
  assertWebAppBuilt,
  chooseOption,
  clickForResponse,
  collectPageErrors,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
} from './support/browser';

// Generous per-test limits: the machine may be busy (CI shares two cores with PostgreSQL and Chromium).
jest.setTimeout(120_000);

describe('流程实例 monitor in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  const keys: Record<string, string> = {};

  const start = async (token: string, data: Json): Promise<string> => {
    const response = await call(server, 'POST', '/api/processes/monitor-repair/instances', { token, body: { data } });
    expect(response.status).toBe(201);
    return response.body.processInstanceKey;
  };
  /** The bpmn-js shape of an element, once the diagram is drawn. */
  const shape = (page: Page, elementId: string) =>
    page.locator(`[data-testid="process-diagram"][data-ready="true"] .djs-element[data-element-id="${elementId}"]`);
  const hasClass = async (page: Page, elementId: string, cls: string): Promise<boolean> =>
    ((await shape(page, elementId).getAttribute('class')) ?? '').split(/\s+/).includes(cls);

  /**
   * Clicks a dialog's button until the request it sends goes out: on a loaded machine a click
   * can land while the dialog is still zooming in and do nothing. Returns the response status.
   */
  const clickUntilSent = async (page: Page, target: Locator, method: string, apiPath: string): Promise<number> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === apiPath, { timeout: 20_000 }),
          target.click(),
        ]);
        return response.status();
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  /** Signs in from a fresh context: loading the app cold on a machine shared with other specs can take long. */
  const signInPatiently = async (page: Page, username: string): Promise<void> => {
    page.setDefaultTimeout(45_000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').waitFor({ timeout: 90_000 });
    await signIn(page, server.url, username);
  };

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([
      startTestServer({
        SEED_DEMO: 'true',
        PROCESSES_DIR: join(MONITOR_FIXTURES, 'processes'),
        FORMS_DIR: join(MONITOR_FIXTURES, 'forms'),
      }),
      launchBrowser(),
    ]);
    const branch = await login(server, 'branch');
    keys['small'] = await start(branch, { budget: 500, title: '楼道灯维修' });
    keys['missing'] = await start(branch, { title: '更换门禁' });
    keys['cancel'] = await start(branch, { budget: 200, title: '重复提交' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets an admin filter instances, open one and see its running step and variables on the diagram', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signInPatiently(page, 'admin');
    await page.getByRole('link', { name: '流程实例' }).click();
    await page.waitForURL(/\/monitor\/instances$/);
    const table = page.getByTestId('instance-table');
    await table.getByText(keys['small']).waitFor();
    await table.getByText(keys['missing']).waitFor();
    expect(await table.locator('[data-state="incident"]').innerText()).toBe('有故障');
    await screenshot(page, 'monitor-list');

    await chooseOption(page, page.getByRole('combobox', { name: '按状态筛选' }), '有故障');
    await page.waitForURL(/state=incident/);
    await table.getByText(keys['small']).waitFor({ state: 'detached' });
    await table.getByText(keys['missing']).waitFor();
    await page.goto(`${server.url}/monitor/instances`);
    await page.getByRole('searchbox', { name: '搜索流程实例' }).fill('楼道灯');
    await page.getByRole('searchbox', { name: '搜索流程实例' }).press('Enter');
    await page.waitForURL(/q=/);
    await table.getByText(keys['missing']).waitFor({ state: 'detached' });
    expect(await table.locator('tbody tr').count()).toBe(1);

    await table.getByRole('link', { name: `查看实例 ${keys['small']}` }).click();
    await page.waitForURL(new RegExp(`/monitor/instances/${keys['small']}$`));
    await shape(page, 'Task_community').waitFor();
    expect(await page.getByTestId('instance-state').innerText()).toBe('进行中');
    expect(await hasClass(page, 'Task_community', 'rp-diagram-active')).toBe(true);
    expect(await hasClass(page, 'Start', 'rp-diagram-completed')).toBe(true);
    expect(await hasClass(page, 'Gateway_budget', 'rp-diagram-completed')).toBe(true);
    expect(await hasClass(page, 'Task_street', 'rp-diagram-active')).toBe(false);
    // bpmn.io's watermark stays on every diagram.
    expect(await page.locator('.bjs-powered-by').first().isVisible()).toBe(true);
    const variables = page.getByTestId('variable-table');
    await variables.getByRole('row', { name: /budget\s+500/ }).waitFor();
    await variables.getByRole('row', { name: /title\s+楼道灯维修/ }).waitFor();
    // Times as officials write them: 2026年11月28日 14:05.
    await page
      .getByText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
      .first()
      .waitFor();
    await screenshot(page, 'monitor-instance');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an incident in red and clears it with 重试 after the missing variable is set', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signInPatiently(page, 'admin');
    await page.goto(`${server.url}/monitor/instances/${keys['missing']}`);
    await shape(page, 'Gateway_budget').waitFor();
    expect(await page.getByTestId('instance-state').innerText()).toBe('有故障');
    expect(await hasClass(page, 'Gateway_budget', 'rp-diagram-incident')).toBe(true);
    const badge = page.locator('[data-testid="diagram-badge"][data-element-id="Gateway_budget"]');
    expect(await badge.innerText()).toBe('故障 1');
    const incidents = page.getByTestId('incident-card');
    expect(await incidents.innerText()).toContain('budget');
    await screenshot(page, 'monitor-incident');

    await incidents.getByRole('button', { name: '修改变量' }).click();
    const dialog = page.getByRole('dialog', { name: '设置变量' });
    await dialog.getByLabel('变量名').fill('budget');
    await dialog.getByLabel('变量值').fill('1500');
    expect(
      await clickForResponse(
        page,
        dialog.getByRole('button', { name: '保存' }),
        'PUT',
        `/api/process-instances/${keys['missing']}/variables`,
      ),
    ).toBe(204);
    await page
      .getByTestId('variable-table')
      .getByRole('row', { name: /budget\s+1500/ })
      .waitFor();

    const incidentKey = (await call(server, 'GET', `/api/process-instances/${keys['missing']}`, { token: await login(server, 'admin') }))
      .body.incidents[0].key;
    await incidents.getByRole('button', { name: /^重试/ }).click();
    const retry = page.getByRole('dialog', { name: '重试故障' });
    expect(await clickUntilSent(page, retry.getByRole('button', { name: '重试' }), 'POST', `/api/incidents/${incidentKey}/resolve`)).toBe(
      204,
    );
    await incidents.waitFor({ state: 'detached' });
    await page.getByTestId('instance-state').filter({ hasText: '进行中' }).waitFor();
    await waitFor('the diagram to show the street step running', async () =>
      (await hasClass(page, 'Task_street', 'rp-diagram-active')) ? true : undefined,
    );
    expect(await hasClass(page, 'Gateway_budget', 'rp-diagram-incident')).toBe(false);
    expect(await page.locator('[data-testid="diagram-badge"]').count()).toBe(0);
    await screenshot(page, 'monitor-incident-resolved');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the process diagram on the task page with the current step marked', async () => {
    const community = await login(server, 'community');
    const task = await waitFor('the community task', async () => {
      const response = await call(server, 'GET', '/api/tasks?pageSize=100', { token: community });
      return response.body.items.find((t: Json) => t.processInstanceKey === keys['small']);
    });
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signInPatiently(page, 'community');
    await page.goto(`${server.url}/tasks/${task.id}`);
    const section = page.getByTestId('task-diagram');
    await section.getByText('流程图（标出当前环节）').click();
    await shape(page, 'Task_community').waitFor();
    expect(await hasClass(page, 'Task_community', 'rp-diagram-active')).toBe(true);
    expect(await hasClass(page, 'Task_street', 'rp-diagram-active')).toBe(false);
    expect(await page.locator('[data-testid="diagram-badge"][data-element-id="Task_community"]').innerText()).toBe('当前');
    expect(await page.locator('.bjs-powered-by').first().isVisible()).toBe(true);
    await screenshot(page, 'task-diagram');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('cancels an instance after confirmation', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signInPatiently(page, 'admin');
    await page.goto(`${server.url}/monitor/instances/${keys['cancel']}`);
    await shape(page, 'Task_community').waitFor();
    await page.getByRole('button', { name: '取消实例' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '取消这个流程实例？' });
    await confirm.waitFor();
    expect(
      await clickUntilSent(
        page,
        confirm.getByRole('button', { name: '取消实例' }),
        'POST',
        `/api/process-instances/${keys['cancel']}/cancel`,
      ),
    ).toBe(204);
    await confirm.waitFor({ state: 'hidden' });
    await page.getByTestId('instance-state').filter({ hasText: '已取消' }).waitFor();
    await waitFor('the diagram to show nothing running', async () =>
      (await hasClass(page, 'Task_community', 'rp-diagram-active')) ? undefined : true,
    );
    expect(await page.getByRole('button', { name: '取消实例' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '设置变量' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
