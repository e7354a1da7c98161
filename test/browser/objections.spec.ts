/**
 * 候选人公示 in a real browser against the real server: P1 is brought to publicity through
 * the API, 锦绣花园's owner finds the page in the menu (others without such a compound do not),
 * sees the publicised candidates, gets the server's field error on the field, submits an
 * objection, and the objection reaches the process (核查异议 in the community's inbox).
 */
import type { Browser } from 'playwright-core';
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { bringP1ToPublicity, JINXIU_SLATE } from '../../apps/server/test/objections/p1-publicity';
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

// P1 through four steps before the browser opens, on a shared 2-core machine.
jest.setTimeout(180_000);

const JINXIU = 'wf-dongda-nanying-jinxiu';

describe('候选人公示 (objections page)', () => {
  let server: TestServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([startTestServer({ SEED_DEMO: 'true' }), launchBrowser()]);
    for (const user of ['community', 'department']) tokens[user] = await login(server, user);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows no menu entry while no slate is in publicity', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'resident');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByText('我的信息').waitFor();
    expect(await menu.innerText()).not.toContain('候选人公示');
    await page.goto(`${server.url}/objections`);
    await page.getByText('您所在的小区目前没有正在公示的候选人名单').waitFor();
    await context.close();
  });

  it('an owner lodges an objection to a publicised candidate, and it reaches the process', async () => {
    const { key, notice } = await bringP1ToPublicity(
      server,
      { community: tokens['community'], departments: [tokens['department']] },
      JINXIU,
    );

    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'resident');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByRole('link', { name: '候选人公示' }).click();
    await page.waitForURL(/\/objections$/);

    const card = page.getByTestId('slate-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('锦绣花园小区');
    const table = card.getByTestId('candidate-table');
    for (const p of JINXIU_SLATE) {
      const row = table.getByRole('row').filter({ hasText: p.name });
      expect(await row.innerText()).toContain(p.roomNo);
    }
    // The period as Chinese officials write dates.
    expect(await card.innerText()).toMatch(/公示期\s*\d{4}年\d{1,2}月\d{1,2}日 至 \d{4}年\d{1,2}月\d{1,2}日/);

    // Blank text: the form asks for it; spaces only pass the browser and the server names the field.
    await card.getByTestId('objection-submit').click();
    await card.getByText('请填写异议内容').waitFor();
    await card.getByTestId('objection-text').fill('   ');
    expect(await clickForResponse(page, card.getByTestId('objection-submit'), 'POST', '/api/candidate-objections')).toBe(400);
    // The server's message (不能为空, after trimming) sits under 异议内容.
    const field = card.locator('.ant-form-item').filter({ hasText: '异议内容' });
    await field.locator('.ant-form-item-explain-error').filter({ hasText: '不能为空' }).waitFor();
    await screenshot(page, 'objections-field-error', { fullPage: false });

    await chooseOption(page, card.getByLabel('异议对象'), '赵国庆（1-302）');
    await card.getByTestId('objection-text').fill('赵国庆长期拖欠物业费，不宜担任业主委员会委员');
    expect(await clickForResponse(page, card.getByTestId('objection-submit'), 'POST', '/api/candidate-objections')).toBe(201);
    await page.getByText('提交成功').first().waitFor();
    await card.getByTestId('objection-success').waitFor();
    await screenshot(page, 'objections-submitted');

    // The objection interrupted the publicity: 核查异议 is in the community's inbox with its text.
    const listed = await waitForTask(server, tokens['community'], key, 'Task_vetting_objection');
    const task = await call(server, 'GET', `/api/tasks/${listed.id}`, { token: tokens['community'] });
    expect(task.body.data).toMatchObject({
      objectorName: '锦绣花园业主 吴桂英',
      candidateName: '赵国庆',
      objectionText: '赵国庆长期拖欠物业费，不宜担任业主委员会委员',
    });
    const recorded = await call(server, 'GET', `/api/candidate-objections?orgUnit=${JINXIU}`, { token: tokens['community'] });
    expect(recorded.body.filter((o: Json) => o.noticeId === notice.id)).toHaveLength(1);

    // After a reload the slate says the publicity is suspended; no second objection form.
    await page.reload();
    await card.getByTestId('objection-pending').waitFor();
    expect(await card.getByTestId('objection-submit').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
