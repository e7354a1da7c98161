/**
 * The pages officials use every day, in a real browser against the real server with the
 * inbox fixture procedure (apps/server/test/fixtures): claiming from 我的待办, a draft that
 * survives a reload, completing a task through its form-js form (with a server-side
 * validation error shown on its field), and starting a procedure through its start form.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { deployDueFixture, startDue } from '../../apps/server/test/inbox/inbox-client';
import { assertWebAppBuilt, collectPageErrors, DEMO_PASSWORD, launchBrowser, newPage, screenshot, signIn, TABLET } from './support/browser';

jest.setTimeout(60_000);

const FIXTURES = join(__dirname, '../../apps/server/test/fixtures');

describe('inbox, task and start pages', () => {
  let server: TestServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  const api = async (user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[user]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** Starts the fixture procedure as the compound branch and waits for its review task. */
  const startReview = async (title: string): Promise<string> => {
    const started = await api('branch', 'POST', '/api/processes/inbox-review/instances', {
      data: { title, category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' },
    });
    expect(started.status).toBe(201);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const list = await api('community', 'GET', '/api/tasks?pageSize=100');
      const task = list.body.items.find((t: any) => t.processInstanceKey === started.body.processInstanceKey);
      if (task) return task.id as string;
      if (Date.now() > deadline) throw new Error(`no review task for ${title}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([
      startTestServer({ SEED_DEMO: 'true', PROCESSES_DIR: join(FIXTURES, 'processes'), FORMS_DIR: join(FIXTURES, 'forms') }),
      launchBrowser(),
    ]);
    for (const user of ['branch', 'community']) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
      });
      tokens[user] = ((await response.json()) as { accessToken: string }).accessToken;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openTask = async (page: Page, taskId: string) => {
    await page.goto(`${server.url}/tasks/${taskId}`);
    await page.locator('.fjs-form').waitFor();
  };

  it('lists tasks with counts and lets an official claim one from the inbox', async () => {
    await startReview('楼道灯维修');
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'community');
    await page.waitForURL(/\/tasks$/);
    const table = page.getByTestId('task-table');
    const row = table.getByRole('row').filter({ hasText: '社区审核' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('测试：事项审核');
    expect(await row.innerText()).toContain('南营社区');
    expect(await page.getByTestId('filter-unassigned').innerText()).toMatch(/待认领\s*[1-9]/);
    const menu = await page.getByRole('navigation', { name: '主菜单' }).innerText();
    for (const item of ['我的待办', '已办', '发起', '我的信息']) expect(menu).toContain(item);
    await screenshot(page, 'inbox');

    await page.getByTestId('filter-unassigned').click();
    await page.waitForURL(/filter=unassigned/);
    const claimable = table
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: /^认领 / }) })
      .first();
    await claimable.waitFor();
    await claimable.getByRole('button', { name: /^认领 / }).click();
    await page.getByText(/^已认领“社区审核”$/).waitFor();
    // The counts come from the API: the claimed task is now one of mine.
    await page
      .getByTestId('filter-mine')
      .filter({ hasText: /我的\s*1$/ })
      .waitFor();
    await page.getByTestId('filter-mine').click();
    await table
      .getByRole('button', { name: /^退回 / })
      .first()
      .waitFor();
    await screenshot(page, 'inbox-mine');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves a draft while typing and restores it after a reload', async () => {
    const taskId = await startReview('草稿测试');
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'community');
    await openTask(page, taskId);
    expect(await page.getByLabel('事项').inputValue()).toBe('草稿测试');
    await page.getByLabel('说明').fill('先保存的意见');
    await page.getByLabel('说明').blur();
    await page.getByTestId('draft-status').filter({ hasText: '已保存' }).waitFor();
    await page.getByTestId('task-history').getByText('保存草稿').first().waitFor();
    await screenshot(page, 'task-draft', { fullPage: false });
    await page.reload();
    await page.locator('.fjs-form').waitFor();
    expect(await page.getByLabel('说明').inputValue()).toBe('先保存的意见');
    expect(await page.getByTestId('draft-status').innerText()).toContain('已保存');
    await page.getByTestId('task-history').getByText('保存草稿').first().waitFor();
    await context.close();
  });

  it('completes a task through its form; the server’s field errors appear on their fields', async () => {
    const taskId = await startReview('维修资金使用');
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'community');
    await openTask(page, taskId);

    // Client-side validation first, in Chinese.
    await page.getByTestId('task-submit').click();
    await page.getByTestId('form-error').waitFor();
    await page.locator('.fjs-form-field-error').filter({ hasText: '此项为必填项' }).first().waitFor();

    // form-js debounces typing and flushes on blur: leave each field as a person would.
    const type = async (label: string, text: string) => {
      const input = page.getByLabel(label).first();
      await input.fill(text);
      await input.blur();
      await page.waitForTimeout(350);
    };
    await page.getByLabel('同意', { exact: true }).check();
    await type('说明', '同意维修，费用由维修资金列支');
    await type('预算（元）', '300');
    await type('姓名', '张三');
    expect(await page.getByRole('button', { name: '添加一项' }).count()).toBe(1);

    // A rule only the server knows: the request is rewritten on its way so the real server rejects it.
    await page.route('**/api/tasks/*/complete', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { data: Record<string, unknown> };
      await route.continue({ postData: JSON.stringify({ data: { ...body.data, opinion: 'x', members: [{ name: '' }] } }) });
    });
    const [rejected] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/complete')),
      page.getByTestId('task-submit').click(),
    ]);
    expect(rejected.status()).toBe(400);
    const opinionField = page.locator('.fjs-form-field').filter({ has: page.getByLabel('说明') });
    await opinionField.locator('.fjs-form-field-error').waitFor();
    expect(await opinionField.locator('.fjs-form-field-error').innerText()).toMatch(/[\u4e00-\u9fff]/);
    const memberField = page
      .locator('.fjs-form-field')
      .filter({ has: page.getByLabel('姓名') })
      .first();
    await memberField.locator('.fjs-form-field-error').waitFor();
    expect(await page.getByTestId('form-error').innerText()).toContain('提交未通过校验');
    await page.getByTestId('form-error').scrollIntoViewIfNeeded();
    await screenshot(page, 'task-server-errors', { fullPage: false });

    await page.unroute('**/api/tasks/*/complete');
    const [accepted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/complete')),
      page.getByTestId('task-submit').click(),
    ]);
    expect(accepted.status()).toBe(200);
    await page.waitForURL(/\/tasks$/);
    await page.getByText('“社区审核”已办结').waitFor();

    // 已办 lists it; its page shows the history read-only.
    await page.getByRole('link', { name: '已办' }).click();
    await page.getByTestId('task-table').getByRole('row').filter({ hasText: '社区审核' }).first().waitFor();
    await screenshot(page, 'done');
    await openTask(page, taskId);
    const history = await page.getByTestId('task-history').innerText();
    expect(history).toContain('认领');
    expect(history).toContain('办结');
    expect(history).toContain('南营社区党委 李秀兰'); // who did it, by name
    expect(errors).toEqual([]);
    await context.close();
  });

  it('starts a procedure through its start form', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'branch');
    await page.getByRole('link', { name: '发起' }).click();
    await page.getByRole('button', { name: '发起 测试：事项审核' }).click();
    await page.locator('.fjs-form').waitFor();
    await page.getByLabel('事项').fill('更换单元门禁');
    await page.getByLabel('事项').blur();
    await page.locator('.fjs-form-field-select').filter({ hasText: '类别' }).locator('.fjs-input-group').click();
    await page.locator('.fjs-dropdownlist-item').filter({ hasText: '维修' }).click();
    await page.getByLabel('小区').fill('wf-dongda-nanying-jinxiu');
    await page.getByLabel('小区').blur();
    await page.waitForTimeout(350);
    await screenshot(page, 'start-form', { fullPage: false });
    await page.getByTestId('start-submit').click();
    const started = page.getByTestId('started-instance');
    await started.waitFor();
    expect(await started.innerText()).toMatch(/流程实例编号 \d+/);
    await screenshot(page, 'start-done');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a task from the inbox with the keyboard alone', async () => {
    await startReview('键盘办理');
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'community');
    await page.getByTestId('task-table').locator('.rp-task-link').first().waitFor();
    let onTaskLink = false;
    for (let i = 0; i < 40 && !onTaskLink; i += 1) {
      await page.keyboard.press('Tab');
      onTaskLink = (await page.evaluate('document.activeElement?.classList.contains("rp-task-link") ?? false')) === true;
    }
    expect(onTaskLink).toBe(true);
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tasks\/\d+$/);
    await page.locator('.fjs-form').waitFor();
    await context.close();
  });

  it('reads well on a tablet', async () => {
    const taskId = await startReview('平板查看');
    const { context, page } = await newPage(browser, TABLET);
    await signIn(page, server.url, 'community');
    await page.getByTestId('task-table').getByRole('row').nth(1).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await screenshot(page, 'inbox-tablet');
    await openTask(page, taskId);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await screenshot(page, 'task-tablet', { fullPage: false });
    await context.close();
  });

  it('shows a task due within the day under 即将到期, with its count, and none under 已逾期', async () => {
    await deployDueFixture(server);
    const instance = await startDue(server, new Date(Date.now() + 3 * 3600_000));
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'community');
    await page.waitForURL(/\/tasks$/);
    // The review tasks of the other tests fall due in three days: only this one is due soon.
    await page
      .getByTestId('filter-dueSoon')
      .filter({ hasText: /即将到期\s*1$/ })
      .waitFor();
    expect(await page.getByTestId('filter-overdue').innerText()).toMatch(/已逾期\s*0$/);
    await page.getByTestId('filter-dueSoon').click();
    await page.waitForURL(/filter=dueSoon/);
    const table = page.getByTestId('task-table');
    const row = table.getByRole('row').filter({ hasText: '限期办理' });
    await row.locator('[data-due="soon"]').waitFor();
    expect(await row.innerText()).toContain('测试：限期事项');
    // The list before the filter (with the review tasks) may still show for a moment: wait for the filtered one.
    await table.getByRole('row').filter({ hasText: '社区审核' }).first().waitFor({ state: 'detached' });
    expect(await table.getByRole('row').filter({ hasText: '社区审核' }).count()).toBe(0);
    await row.getByRole('button', { name: '认领 限期办理' }).waitFor();
    await screenshot(page, 'inbox-due-soon');
    const listed = await api('community', 'GET', '/api/tasks?filter=dueSoon');
    expect(listed.body.items.map((t: any) => t.processInstanceKey)).toEqual([instance]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
