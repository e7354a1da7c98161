/**
 * 统计分析 in a real browser against the real server (demo seed, the repository's P5
 * resident-report): instances are reported and closed through the API as the officials do,
 * the analytics loader runs, and a community analyst, the city analyst and the city admin
 * read the page — headline figures, charts, the heat map on the diagram, a step's
 * distribution, the unit comparison, breaches (an analyst opens a late instance in a drawer)
 * and a target. Screenshots land in test-artifacts/screenshots.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AnalyticsLoader } from '../../apps/server/src/analytics/analytics-loader';
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { dataSourceOf } from '../../apps/server/test/procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { assertWebAppBuilt, chooseOption, collectPageErrors, launchBrowser, newPage, screenshot, signIn, TABLET } from './support/browser';

// Generous per-test limits: the machine may be busy (CI shares two cores with PostgreSQL and Chromium).
jest.setTimeout(120_000);

const PROCESS = 'resident-report';
const PROCESS_NAME = '三单一访（报事报修）';
const NANYING_COMPOUND = 'wf-dongda-nanying-jinxiu';
const GULOU_COMPOUND = 'wf-dongda-gulou-wenfeng';
const DISPATCH = 'Task_report_dispatch';
const NOTIFY = 'Task_report_notify_closed';
/** Bar colours of the charts (apps/web/src/pages/analytics/chart-options.ts): histogram, completed per month. */
const BAR_RED = '#c8161d';
const BAR_BLUE = '#1677ff';
/** Reported and closed at 派单 in 南营社区 (completed instances). */
const CLOSED_IN_NANYING = 3;

/**
 * Picks a preset of the month range picker. The dropdown opens with an animation and a page
 * still settling can close it again, so a click that does not land opens it once more.
 */
async function pickPreset(page: Page, preset: string): Promise<void> {
  const option = page.locator('.ant-picker-dropdown:visible .ant-picker-presets').getByText(preset, { exact: true });
  for (let attempt = 1; ; attempt += 1) {
    await page.getByPlaceholder('开始月份').click();
    try {
      await option.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

describe('统计分析 page', () => {
  let server: TestServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  const report = async (token: string, compoundId: string): Promise<string> => {
    const started = await call(server, 'POST', `/api/processes/${PROCESS}/instances`, {
      token,
      body: { data: { compoundId, category: 'repair', location: '3号楼2单元', description: '楼道灯不亮', contactPhone: '13800000000' } },
    });
    if (started.status !== 201) throw new Error(`report: ${started.status} ${JSON.stringify(started.body)}`);
    return started.body.processInstanceKey as string;
  };

  const closeAtDispatch = async (key: string): Promise<void> => {
    // The grid worker finds 派单 in their inbox, as in the P5 scenario.
    const task = await waitForTask(server, tokens['grid'] ?? '', key, DISPATCH);
    const taskId = task.id as string;
    const done = await call(server, 'POST', `/api/tasks/${taskId}/complete`, {
      token: tokens['grid'],
      body: { data: { dispatchDecision: 'close', dispatchNote: '属市政设施，已转城管部门' } },
    });
    if (done.status !== 200) throw new Error(`dispatch: ${done.status} ${JSON.stringify(done.body)}`);
    await waitFor(`instance ${key} to complete`, async () => {
      const rows: Json[] = await dataSourceOf(server).query('SELECT state FROM engine.process_instance WHERE key = $1', [key]);
      return rows[0]?.state === 'COMPLETED' ? true : undefined;
    });
  };

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([startTestServer({ SEED_DEMO: 'true' }), launchBrowser()]);
    for (const user of ['resident', 'grid', 'city-admin']) tokens[user] = await login(server, user);

    // A resident of another community (鼓楼社区), so the city sees more than 南营社区 does.
    const created = await call(server, 'POST', '/api/users', {
      token: tokens['city-admin'],
      body: {
        username: 'gulou-resident',
        displayName: '文峰苑小区业主 王建国',
        password: 'gulou-resident-1',
        memberships: [{ role: 'resident', orgUnitId: GULOU_COMPOUND }],
      },
    });
    if (created.status !== 201) throw new Error(`create resident: ${created.status} ${JSON.stringify(created.body)}`);
    tokens['gulou'] = await login(server, 'gulou-resident', 'gulou-resident-1');

    for (let i = 0; i < CLOSED_IN_NANYING; i += 1) await closeAtDispatch(await report(tokens['resident'] ?? '', NANYING_COMPOUND));
    await report(tokens['resident'] ?? '', NANYING_COMPOUND); // still at 派单
    await report(tokens['gulou'] ?? '', GULOU_COMPOUND); // still at 派单, in 鼓楼社区
    // A target no 派单 can meet, so every completed one is a breach on the heat map.
    const target = await call(server, 'PUT', `/api/analytics/processes/${PROCESS}/targets/${DISPATCH}`, {
      token: tokens['city-admin'],
      body: { targetMs: 1 },
    });
    if (target.status !== 200) throw new Error(`target: ${target.status} ${JSON.stringify(target.body)}`);
    await server.server.app.get(AnalyticsLoader).runOnce();

    // The first page load of a cold browser on a busy machine can outlast a step's timeout.
    const warm = await newPage(browser);
    await warm.page.goto(`${server.url}/login`);
    await warm.page.getByLabel('用户名').waitFor({ timeout: 60_000 });
    await warm.context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openAnalytics = async (page: Page, username: string): Promise<void> => {
    await signIn(page, server.url, username);
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '统计分析' }).click();
    await page.waitForURL(/\/analytics/);
    // The first procedure shows once the list is in; then pick P5 (searching by name).
    await page.getByTestId('analytics-headline').waitFor();
    await chooseOption(page, page.getByRole('combobox', { name: '流程' }), PROCESS_NAME);
    await page
      .getByTestId('analytics-headline')
      .filter({ hasText: `${PROCESS_NAME} · 总体` })
      .waitFor();
  };

  const kpi = (page: Page, id: string) => page.getByTestId(id).locator('.ant-statistic-content');

  it('shows a community analyst the figures, charts, heat map and a step’s distribution for their community', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await openAnalytics(page, 'analyst');

    // Headline: what was created in 南营社区 — three closed, one still at 派单.
    await kpi(page, 'kpi-count')
      .filter({ hasText: `${CLOSED_IN_NANYING + 1} 件` })
      .waitFor();
    expect(await kpi(page, 'kpi-running').innerText()).toBe('1 件');
    expect(await kpi(page, 'kpi-completed').innerText()).toBe(`${CLOSED_IN_NANYING} 件`);
    // Durations in Chinese units (a closed report takes seconds to minutes here).
    expect(await kpi(page, 'kpi-p50').innerText()).toMatch(/^\d+(毫秒|秒|分钟)(\d+秒)?$/);

    // The charts render as SVG with bars.
    await page.getByTestId('histogram-chart').locator(`svg path[fill="${BAR_RED}"]`).first().waitFor();
    await page.getByTestId('trend-chart').locator(`svg path[fill="${BAR_BLUE}"]`).first().waitFor();
    expect(await page.getByTestId('trend-chart').locator('svg').innerHTML()).toContain('发起');

    // The heat map: 派单 and the closing notice are tinted, 派单 carries its breaches.
    const heatmap = page.getByTestId('analytics-heatmap');
    await heatmap.locator(`[data-testid="diagram-fill"][data-element-id="${DISPATCH}"]`).waitFor();
    await heatmap.locator(`[data-testid="diagram-fill"][data-element-id="${NOTIFY}"]`).waitFor();
    // Over the 1 ms target: the three closed ones and the one still waiting at 派单.
    expect(await heatmap.getByTestId('diagram-badge').first().innerText()).toBe(`超时 ${CLOSED_IN_NANYING + 1}`);
    await heatmap.getByTestId('heat-legend').waitFor();
    await screenshot(page, 'analytics-community');

    // Clicking 派单 on the diagram opens its figures, distribution and slowest instances.
    await heatmap.locator(`.djs-element[data-element-id="${DISPATCH}"]`).click();
    const drawer = page.getByRole('dialog', { name: '环节：网格派单' });
    await drawer.waitFor();
    // The selected step is outlined in red on the diagram (an element style of the diagram component).
    const outline = `[data-testid="analytics-heatmap"] .djs-element[data-element-id="${DISPATCH}"] .djs-visual > :first-child`;
    await page.waitForFunction(`getComputedStyle(document.querySelector('${outline}')).stroke === 'rgb(200, 22, 29)'`);
    expect(await drawer.getByTestId('step-figures').innerText()).toContain(`${CLOSED_IN_NANYING} 次`);
    await drawer.getByTestId('step-histogram').locator(`svg path[fill="${BAR_RED}"]`).first().waitFor();
    await drawer
      .getByTestId('step-slowest')
      .locator('.ant-table-row')
      .nth(CLOSED_IN_NANYING - 1)
      .waitFor();
    expect(await drawer.getByTestId('step-slowest').locator('.ant-table-row').count()).toBe(CLOSED_IN_NANYING);
    // Only city admins set targets.
    expect(await drawer.getByRole('button', { name: '保存目标' }).count()).toBe(0);
    await screenshot(page, 'analytics-step', { fullPage: false });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Breaches: the four 派单 over their 1 ms target, each with how late; one still open.
    const breaches = page.getByTestId('breach-table');
    await breaches.locator('.ant-table-row').nth(CLOSED_IN_NANYING).waitFor();
    expect(await breaches.locator('.ant-table-row').count()).toBe(CLOSED_IN_NANYING + 1);
    expect(await breaches.getByText('仍在办理').count()).toBe(1);
    // 流程实例 is for admins: analysts get no link, but the instance's late steps in a drawer.
    expect(await breaches.getByRole('link').count()).toBe(0);
    expect(await breaches.innerText()).toContain('超过目标时长');
    expect(await breaches.locator('.ant-table-row').first().innerText()).toMatch(/超时\d+/);
    const openRow = breaches.locator('.ant-table-row').filter({ hasText: '仍在办理' });
    const openKey = (await openRow.getByRole('button', { name: /^查看流程实例 \d+ 的超时环节$/ }).innerText()).trim();
    await openRow.getByRole('button', { name: `查看流程实例 ${openKey} 的超时环节` }).click();
    const instance = page.getByRole('dialog', { name: `流程实例 ${openKey} 的超时` });
    await instance.waitFor();
    const lateSteps = instance.getByTestId('instance-steps').locator('.ant-table-row');
    expect(await lateSteps.count()).toBe(1);
    expect(await lateSteps.first().innerText()).toMatch(/网格派单\s+超过目标时长[\s\S]*仍在办理/);
    // The diagram marks the late step, labelled with the time it has taken so far.
    await instance.locator(`[data-testid="diagram-fill"][data-element-id="${DISPATCH}"]`).waitFor();
    expect(await instance.locator(`[data-testid="diagram-label"][data-element-id="${DISPATCH}"]`).innerText()).toMatch(/^用时 /);
    await screenshot(page, 'analytics-instance', { fullPage: false });
    await instance.locator('.ant-drawer-close').click();
    await instance.waitFor({ state: 'hidden' });

    // 导出 CSV saves the server's CSV under its Chinese name, with the same rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('analytics-breaches').getByRole('button', { name: '导出超时 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${PROCESS}-超时.csv`);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.split('\r\n').filter((line) => line.includes('网格派单'))).toHaveLength(CLOSED_IN_NANYING + 1);

    // Last month holds none of today's reports: the page says so.
    await pickPreset(page, '上月');
    await page.getByTestId('analytics-empty').waitFor();
    expect(await kpi(page, 'kpi-count').innerText()).toBe('0 件');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps 统计分析 from users without an analyst or admin role', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'resident');
    expect(await page.getByRole('navigation', { name: '主菜单' }).innerText()).not.toContain('统计分析');
    await page.goto(`${server.url}/analytics`);
    await page.getByText('无权查看统计分析').waitFor();
    await context.close();
  });

  it('shows the city analyst the whole city, compared by district and by community, on a tablet', async () => {
    const { context, page } = await newPage(browser, TABLET);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'city-analyst');
    await page.goto(`${server.url}/analytics?process=${PROCESS}`);
    await kpi(page, 'kpi-count')
      .filter({ hasText: `${CLOSED_IN_NANYING + 2} 件` })
      .waitFor();
    expect(await kpi(page, 'kpi-running').innerText()).toBe('2 件');

    // By district (the default below the city): all in 文峰区; by community: 南营 and 鼓楼.
    const units = page.getByTestId('unit-table');
    await units.locator('.ant-table-row').filter({ hasText: '文峰区' }).waitFor();
    expect(await units.locator('.ant-table-row').count()).toBe(1);
    await page.getByRole('radiogroup', { name: '对比层级' }).getByText('社区', { exact: true }).click();
    await units.locator('.ant-table-row').filter({ hasText: '鼓楼社区' }).waitFor();
    const nanying = await units.locator('.ant-table-row').filter({ hasText: '南营社区' }).innerText();
    expect(nanying).toContain(String(CLOSED_IN_NANYING + 1));
    await page.getByTestId('diagram-fill').first().waitFor();
    await screenshot(page, 'analytics-city-tablet');

    // Narrowing to 鼓楼社区 leaves its one running report and no completed ones.
    await page.getByRole('combobox', { name: '单位' }).click();
    await page.getByRole('combobox', { name: '单位' }).fill('鼓楼');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
      .filter({ hasText: '鼓楼社区' })
      .first()
      .click();
    await kpi(page, 'kpi-count')
      .filter({ hasText: /^1 件$/ })
      .waitFor();
    expect(await kpi(page, 'kpi-p50').innerText()).toBe('—');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the city admin set a step’s target from the heat map', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await openAnalytics(page, 'city-admin');
    const steps = page.getByTestId('step-table');
    await steps.getByRole('button', { name: '告知居民不予派单' }).click();
    const drawer = page.getByRole('dialog', { name: '环节：告知居民不予派单' });
    await drawer.getByRole('spinbutton', { name: '目标时长' }).fill('2');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/targets/${NOTIFY}`)),
      drawer.getByRole('button', { name: '保存目标' }).click(),
    ]);
    expect(saved.status()).toBe(200);
    expect(await saved.json()).toMatchObject({ elementId: NOTIFY, targetMs: 2 * 3600_000 });
    await drawer.getByTestId('step-figures').getByText('2小时', { exact: true }).waitFor();
    // Admins follow a slow instance to its page in 流程实例.
    const slowest = drawer.getByTestId('step-slowest').getByRole('link').first();
    expect(await slowest.getAttribute('href')).toMatch(/^\/monitor\/instances\/\d+$/);
    await screenshot(page, 'analytics-target', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
