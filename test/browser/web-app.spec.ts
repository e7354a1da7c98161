/**
 * The web app in a real browser against the real server (demo seed): signing in, 我的信息,
 * and an admin managing users in 组织机构. Screenshots land in test-artifacts/screenshots.
 */
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import {
  assertWebAppBuilt,
  chooseOption,
  chooseTreeOption,
  clickForResponse,
  collectPageErrors,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  submitLogin,
  TABLET,
} from './support/browser';

// Generous per-test limits: the machine may be busy (CI shares two cores with PostgreSQL and Chromium).
jest.setTimeout(60_000);

describe('web app', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([startTestServer({ SEED_DEMO: 'true' }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs a community official in and shows their unit path, role and candidate group in Chinese', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await screenshot(page, 'login');

    await signIn(page, server.url, 'community');
    // The inbox is home; 我的信息 is one click away.
    await page.waitForURL(/\/tasks$/);
    await page.getByRole('link', { name: '我的信息' }).click();
    await page.waitForURL(/\/me$/);
    await page.getByTestId('unit-path').first().filter({ hasText: '安阳市' }).waitFor();

    expect(await page.getByTestId('header-user-name').innerText()).toBe('南营社区党委 李秀兰');
    expect(await page.getByTestId('header-user-units').innerText()).toContain('南营社区');
    expect(await page.getByTestId('me-display-name').innerText()).toBe('南营社区党委 李秀兰');
    const memberships = await page.getByTestId('me-memberships').innerText();
    expect(memberships).toContain('社区党组织');
    expect(memberships).toContain('社区');
    expect(await page.getByTestId('unit-path').first().innerText()).toBe('安阳市 / 文峰区 / 东大街街道 / 南营社区');
    expect(await page.getByTestId('me-candidate-groups').innerText()).toContain('community-party:wf-dongda-nanying');
    // Only pages that exist, and 组织机构 only for admins.
    const menu = await page.getByRole('navigation', { name: '主菜单' }).innerText();
    expect(menu).toContain('我的信息');
    expect(menu).not.toContain('组织机构');
    await screenshot(page, 'me');

    // Admin pages answer 403 in Chinese to others; unknown paths a Chinese 404 inside the shell.
    await page.goto(`${server.url}/org`);
    await page.getByText('此页面仅对管理员开放。').waitFor();
    await page.goto(`${server.url}/no-such-page`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await page.getByRole('button', { name: '返回我的信息' }).click();
    await page.waitForURL(/\/me$/);

    // A reload keeps the session; signing out returns to the login page.
    await page.reload();
    await page.getByTestId('me-display-name').waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the server’s Chinese error for a wrong password, and the wait when throttled', async () => {
    const { context, page } = await newPage(browser);
    await submitLogin(page, server.url, 'resident', 'wrong-password');
    const alert = page.getByRole('alert').filter({ hasText: '用户名或密码' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/用户名或密码(错误|不正确)/);
    expect(page.url()).toMatch(/\/login$/);
    await screenshot(page, 'login-error');

    // The server allows 5 failures per username in its window; the next attempt gets 429.
    for (let attempt = 2; attempt <= 6; attempt += 1) {
      await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/api/auth/login')),
        page.getByRole('button', { name: '登录' }).click(),
      ]);
    }
    const throttled = page.getByRole('alert').filter({ hasText: '登录失败次数过多' });
    await throttled.waitFor();
    const button = page.getByRole('button', { name: /后重试/ });
    expect(await button.isDisabled()).toBe(true);
    expect(await button.innerText()).toMatch(/^请 \d+ (秒|分钟|分 \d+ 秒)后重试$/);
    await screenshot(page, 'login-throttled');
    await context.close();
  });

  it('lets an admin create a user in a unit and then lists them there', async () => {
    const { context, page } = await newPage(browser);
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: '组织机构' }).click();
    await page.waitForURL(/\/org/);
    const tree = page.getByTestId('org-tree');
    await tree.getByText('南营社区', { exact: true }).waitFor();
    await screenshot(page, 'org');

    await tree.getByText('锦绣花园小区', { exact: true }).click();
    await page.waitForURL(/unit=wf-dongda-nanying-jinxiu/);
    await page
      .getByTestId('selected-unit-name')
      .filter({ hasText: /^锦绣花园小区$/ })
      .waitFor();
    await page.getByTestId('unit-users').getByText('锦绣花园业委会 刘芳').waitFor();

    await page.getByRole('button', { name: '新建用户' }).first().click();
    const drawer = page.getByRole('dialog', { name: '新建用户' });
    await drawer.getByLabel('用户名').fill('zhao.lei');
    await drawer.getByLabel('姓名').fill('锦绣花园楼栋长 赵磊');
    await drawer.getByLabel('初始密码').fill('anquan-2026');
    await chooseOption(page, drawer.getByLabel('角色'), '业主 / 居民');
    await screenshot(page, 'org-create-user', { fullPage: false });
    expect(await clickForResponse(page, drawer.getByTestId('create-user-submit'), 'POST', '/api/users')).toBe(201);

    await drawer.waitFor({ state: 'hidden' });
    const row = page.getByTestId('unit-users').getByRole('row').filter({ hasText: '锦绣花园楼栋长 赵磊' });
    await row.waitFor();
    expect(await row.innerText()).toContain('业主 / 居民 · 锦绣花园小区');
    await screenshot(page, 'org-user-created');

    // The new account can sign in.
    const second = await newPage(browser);
    await signIn(second.page, server.url, 'zhao.lei', 'anquan-2026');
    await second.page.goto(`${server.url}/me`);
    await second.page.getByTestId('unit-path').filter({ hasText: '安阳市 / 文峰区 / 东大街街道 / 南营社区 / 锦绣花园小区' }).waitFor();

    // The admin gives them a second role, takes it away again, then deactivates the account.
    await row.getByRole('button', { name: '管理用户 锦绣花园楼栋长 赵磊' }).click();
    const manage = page.getByRole('dialog', { name: '用户：锦绣花园楼栋长 赵磊' });
    await chooseTreeOption(page, manage.getByRole('combobox', { name: /组织单元/ }), '南营社区第一网格');
    await chooseOption(page, manage.getByRole('combobox', { name: /角色/ }), '网格员');
    await manage.getByRole('button', { name: '添加角色' }).click();
    const memberships = manage.getByRole('list', { name: '角色与组织单元' });
    await memberships.getByText('南营社区第一网格').waitFor();
    await screenshot(page, 'org-manage-user', { fullPage: false });
    await manage.getByRole('button', { name: '撤销 南营社区第一网格 的网格员' }).click();
    await page.getByRole('button', { name: '撤销', exact: true }).last().click();
    await memberships.getByText('南营社区第一网格').waitFor({ state: 'detached' });

    await manage.getByRole('button', { name: '停用账号' }).click();
    await page.getByRole('button', { name: '停用', exact: true }).click();
    await manage.getByText('已停用').waitFor();

    // Their open session ends: the next call answers 401 and the app returns to the login page.
    await second.page.reload();
    await second.page.waitForURL(/\/login$/);
    await second.page.getByRole('alert').filter({ hasText: '登录已失效' }).waitFor();
    await second.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    // The username field has focus on arrival; Tab moves to the password, Enter submits.
    await page.waitForFunction('document.activeElement?.getAttribute("autocomplete") === "username"');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo1234');
    await page.keyboard.press('Enter');
    await page.getByTestId('header-user-name').waitFor();
    // The skip link is the first stop, then the brand link: both real links with visible focus.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到主要内容');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('红色物业工作平台 首页');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await context.close();
  });

  it('puts the server’s field errors on the form fields they belong to', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/org?unit=wf-dongda-nanying`);
    await page.getByTestId('selected-unit-name').filter({ hasText: '南营社区' }).waitFor();
    await page.getByRole('button', { name: '新建用户' }).first().click();
    const drawer = page.getByRole('dialog', { name: '新建用户' });
    await drawer.getByLabel('用户名').fill('Not Valid!');
    await drawer.getByLabel('姓名').fill('测试用户');
    await drawer.getByLabel('初始密码').fill('short');
    await chooseOption(page, drawer.getByLabel('角色'), '网格员');
    expect(await clickForResponse(page, drawer.getByTestId('create-user-submit'), 'POST', '/api/users')).toBe(400);

    const usernameItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('用户名') });
    const passwordItem = drawer.locator('.ant-form-item').filter({ has: page.getByLabel('初始密码') });
    await usernameItem.locator('.ant-form-item-explain-error').waitFor();
    expect(await usernameItem.locator('.ant-form-item-explain-error').innerText()).toBe('格式不正确');
    expect(await passwordItem.locator('.ant-form-item-explain-error').innerText()).toBe('长度不能少于 8 个字符');
    await screenshot(page, 'org-field-errors', { fullPage: false });
    await context.close();
  });

  it('lets an admin add a unit below one they manage; a taken id is reported on its field', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, 'admin');
    await page.goto(`${server.url}/org?unit=wf-dongda-nanying`);
    await page
      .getByTestId('selected-unit-name')
      .filter({ hasText: /^南营社区$/ })
      .waitFor();

    await page.getByRole('button', { name: '新建下级单元' }).click();
    const dialog = page.getByRole('dialog', { name: '在“南营社区”下新建单元' });
    await dialog.getByLabel('名称').fill('幸福家园小区');
    await chooseOption(page, dialog.getByRole('combobox', { name: /层级/ }), '小区');
    // The id field starts with the parent's id; an id already in use comes back as a 409.
    await dialog.getByLabel('标识').fill('wf-dongda-nanying-jinxiu');
    expect(await clickForResponse(page, dialog.getByRole('button', { name: '创建' }), 'POST', '/api/org-units')).toBe(409);
    const idItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('标识') });
    await idItem.locator('.ant-form-item-explain-error').filter({ hasText: '已被使用' }).waitFor();
    await screenshot(page, 'org-create-unit-conflict', { fullPage: false });

    await dialog.getByLabel('标识').fill('wf-dongda-nanying-xingfu');
    expect(await clickForResponse(page, dialog.getByRole('button', { name: '创建' }), 'POST', '/api/org-units')).toBe(201);
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL(/unit=wf-dongda-nanying-xingfu/);
    await page
      .getByTestId('selected-unit-name')
      .filter({ hasText: /^幸福家园小区$/ })
      .waitFor();
    await page.getByTestId('org-tree').getByText('幸福家园小区', { exact: true }).waitFor();
    // A compound has no sub-units in the standard's tree.
    expect(await page.getByRole('button', { name: '新建下级单元' }).count()).toBe(0);
    await context.close();
  });

  it('reads well on a tablet', async () => {
    const { context, page } = await newPage(browser, TABLET);
    await signIn(page, server.url, 'city-admin');
    await page.goto(`${server.url}/me`);
    await page.getByTestId('unit-path').filter({ hasText: '安阳市' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await screenshot(page, 'me-tablet');
    await page.getByRole('link', { name: '组织机构' }).click();
    await page.getByTestId('selected-unit-name').filter({ hasText: '安阳市' }).waitFor();
    await page.getByTestId('org-tree').getByText('东大街街道', { exact: true }).click();
    await page.getByTestId('unit-users').getByRole('row').nth(1).waitFor();
    // No horizontal scrolling of the page itself.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(TABLET.width);
    await screenshot(page, 'org-tablet');
    await context.close();
  });
});
