/**
 * 流程设计 and 表单设计 in a real browser against the real server (demo seed, the standard's
 * processes and forms deployed at boot): an admin imports a diagram, renames a task in the
 * properties panel, deploys it twice and compares the versions; a refused deployment shows
 * the engine's element and reason; then the admin relabels a form field and deploys the form.
 * Leaving a designer with changes not deployed asks first (the side menu, 返回…列表, the
 * browser's back and forward buttons, 退出登录 and the tab's beforeunload); after a deployment
 * it does not. Screenshots land in test-artifacts/screenshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { assertWebAppBuilt, clickForResponse, collectPageErrors, launchBrowser, newPage, screenshot, signIn } from './support/browser';

// Generous per-test limits: the machine may be busy (CI shares two cores with PostgreSQL and Chromium).
jest.setTimeout(120_000);

const FIXTURE = readFileSync(join(__dirname, '../../apps/server/test/deployments/fixtures/designer-review.bpmn'), 'utf8');
/** The same diagram with a service task that has no job type: the engine refuses it. */
const INVALID = FIXTURE.replaceAll('designer-review', 'designer-invalid')
  .replace(/<bpmn:userTask id="Task_review" name="社区审核">[\s\S]*?<\/bpmn:userTask>/, (task) =>
    task.replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '').replaceAll('bpmn:userTask', 'bpmn:serviceTask'),
  )
  .replaceAll('Task_review', 'Task_notify');

describe('designer', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    assertWebAppBuilt();
    [server, browser] = await Promise.all([startTestServer({ SEED_DEMO: 'true' }), launchBrowser()]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const canvasElement = (page: Page, id: string) => page.locator(`[data-testid="bpmn-canvas"] .djs-element[data-element-id="${id}"]`);

  const renameSelectedElement = async (page: Page, name: string) => {
    const field = page.getByTestId('properties-panel').locator('#bio-properties-panel-name');
    await field.fill(name);
    // The panel writes the change after its debounce; the diagram then shows the new name.
    await canvasElement(page, 'Task_review').filter({ hasText: name }).waitFor();
  };

  /** Imports a diagram of its own (designer-leave) and renames its task: a change not deployed. */
  const importAndRename = async (target: Page, name: string) => {
    const diagram = Buffer.from(FIXTURE.replaceAll('designer-review', 'designer-leave'));
    await target
      .getByTestId('process-file-input')
      .setInputFiles({ name: 'designer-leave.bpmn', mimeType: 'application/xml', buffer: diagram });
    await canvasElement(target, 'Task_review').click();
    await target.getByTestId('properties-panel').getByText('通用', { exact: true }).click();
    await renameSelectedElement(target, name);
    await target.getByTestId('unsaved-tag').waitFor();
  };

  it('lets an admin import, edit, deploy and compare a process', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: '流程设计' }).click();
    await page.waitForURL(/\/designer\/processes$/);
    await page.getByTestId('process-definition-list').getByText('resident-report').waitFor();
    await screenshot(page, 'designer-processes');

    await page
      .getByTestId('process-file-input')
      .setInputFiles({ name: 'designer-review.bpmn', mimeType: 'application/xml', buffer: Buffer.from(FIXTURE) });
    await canvasElement(page, 'Task_review').waitFor();
    expect(await page.getByTestId('designer-title').innerText()).toBe('设计器测试：事项审核');
    await page.getByTestId('process-versions').getByText('此流程尚未部署').waitFor();
    // Live bpmnlint (Camunda 8.8): job-based user tasks earn the zeebe-user-task warning.
    await page.getByTestId('lint-summary').filter({ hasText: '警告' }).waitFor();
    expect(await page.getByTestId('lint-problems').innerText()).toContain('Task_review');
    // The bpmn.io watermark stays visible.
    expect(await page.locator('[data-testid="bpmn-canvas"] .bjs-powered-by').isVisible()).toBe(true);

    await canvasElement(page, 'Task_review').click();
    await page.locator('[data-testid="bpmn-canvas"] .djs-element.selected[data-element-id="Task_review"]').waitFor();
    // The properties panel in Chinese; its 通用 group holds the name.
    await page.getByTestId('properties-panel').getByText('通用', { exact: true }).click();
    await renameSelectedElement(page, '社区初审');
    await screenshot(page, 'designer-modeler');
    expect(await clickForResponse(page, page.getByTestId('deploy-button'), 'POST', '/api/deployments')).toBe(201);
    await page.getByTestId('deploy-success').filter({ hasText: '第 1 版' }).waitFor();
    await page.getByTestId('process-versions').getByRole('cell', { name: '第 1 版', exact: true }).waitFor();

    // Problems in the lint list select their element.
    await page.getByTestId('lint-problems').getByRole('button', { name: '定位元素 Task_review' }).first().click();
    await page.locator('[data-testid="bpmn-canvas"] .djs-element.selected[data-element-id="Task_review"]').waitFor();
    await renameSelectedElement(page, '社区复审');
    expect(await clickForResponse(page, page.getByTestId('deploy-button'), 'POST', '/api/deployments')).toBe(201);
    await page.getByTestId('deploy-success').filter({ hasText: '第 2 版' }).waitFor();
    await page.getByTestId('process-versions').getByRole('cell', { name: '第 2 版', exact: true }).waitFor();

    // The two versions side by side, the renamed task coloured and listed.
    await page.getByTestId('diff-button').click();
    const changed = page.getByTestId('diff-table').getByRole('row').filter({ hasText: 'Task_review' });
    await changed.waitFor();
    expect(await changed.innerText()).toContain('修改');
    expect(await changed.innerText()).toContain('社区初审 → 社区复审');
    expect(await page.locator('[data-testid="bpmn-diff"] .djs-element.rp-diff-changed[data-element-id="Task_review"]').count()).toBe(2);
    await page.getByTestId('bpmn-diff').scrollIntoViewIfNeeded();
    await screenshot(page, 'designer-diff');

    // The server's reasons for a refused diagram, the element a button that selects it.
    await page
      .getByTestId('process-file-input')
      .setInputFiles({ name: 'designer-invalid.bpmn', mimeType: 'application/xml', buffer: Buffer.from(INVALID) });
    await canvasElement(page, 'Task_notify').waitFor();
    expect(await clickForResponse(page, page.getByTestId('deploy-button'), 'POST', '/api/deployments')).toBe(400);
    const refused = page.getByTestId('deploy-errors');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('zeebe:taskDefinition');
    await refused.getByRole('button', { name: '定位元素 Task_notify' }).click();
    await page.locator('[data-testid="bpmn-canvas"] .djs-element.selected[data-element-id="Task_notify"]').waitFor();
    await screenshot(page, 'designer-deploy-refused', { fullPage: false });

    expect(errors).toEqual([]);
    await context.close();
  });

  const LEAVE_QUESTION = '有未部署的修改，确定离开吗？';
  const leaveQuestion = (page: Page) => page.getByRole('dialog').filter({ hasText: LEAVE_QUESTION });

  it('asks before leaving the process designer with changes not deployed, and not after deploying them', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    const errors = collectPageErrors(page);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await signIn(page, server.url, 'admin');
    await menu.getByRole('link', { name: '流程设计' }).click();
    await page.waitForURL(/\/designer\/processes$/);
    await importAndRename(page, '离开前的修改');

    // The side menu asks; 取消 stays on the page with the edit.
    await menu.getByRole('link', { name: '我的待办' }).click();
    await leaveQuestion(page).waitFor();
    await screenshot(page, 'designer-leave-question', { fullPage: false });
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/designer/processes');
    await canvasElement(page, 'Task_review').filter({ hasText: '离开前的修改' }).waitFor();

    // 返回流程列表 would throw the diagram away too: it asks the same.
    await page.getByRole('button', { name: '返回流程列表' }).click();
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    await page.getByTestId('unsaved-tag').waitFor();

    // Closing or reloading the tab gets the browser's own question; dismissed, the page stays.
    const dialogTypes: string[] = [];
    const beforeUnloadAsked = new Promise<void>((resolve) =>
      page.once('dialog', (dialog) => {
        dialogTypes.push(dialog.type());
        void dialog.dismiss().then(resolve);
      }),
    );
    await page.close({ runBeforeUnload: true });
    await beforeUnloadAsked;
    expect(dialogTypes).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    await canvasElement(page, 'Task_review').filter({ hasText: '离开前的修改' }).waitFor();

    // 离开 follows the link.
    await menu.getByRole('link', { name: '我的待办' }).click();
    await leaveQuestion(page).getByRole('button', { name: '离开' }).click();
    await page.waitForURL(/\/tasks$/);

    // Deployed, nothing is left to lose: no question, neither in the app nor from the browser.
    await menu.getByRole('link', { name: '流程设计' }).click();
    await importAndRename(page, '部署后的名称');
    expect(await clickForResponse(page, page.getByTestId('deploy-button'), 'POST', '/api/deployments')).toBe(201);
    await page.getByTestId('deploy-success').filter({ hasText: '第 1 版' }).waitFor();
    expect(await page.getByTestId('unsaved-tag').count()).toBe(0);
    await menu.getByRole('link', { name: '我的待办' }).click();
    await page.waitForURL(/\/tasks$/);
    expect(await leaveQuestion(page).count()).toBe(0);

    await menu.getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('button', { name: '编辑流程 设计器测试：事项审核' }).first().waitFor();
    const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
    page.once('dialog', (dialog) => {
      dialogTypes.push(dialog.type());
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogTypes).toEqual(['beforeunload']);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks on the browser’s back and forward buttons and before signing out', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    const errors = collectPageErrors(page);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    const pathname = () => new URL(page.url()).pathname;
    const keepsTheEdit = async (name: string) => {
      expect(pathname()).toBe('/designer/processes');
      await canvasElement(page, 'Task_review').filter({ hasText: name }).waitFor();
      await page.getByTestId('unsaved-tag').waitFor();
    };
    // Signing in lands on 我的待办; the menu then pushes 流程设计 on top of it.
    await signIn(page, server.url, 'admin');
    await page.waitForURL(/\/tasks$/);
    await menu.getByRole('link', { name: '流程设计' }).click();
    await page.waitForURL(/\/designer\/processes$/);
    await importAndRename(page, '返回前的修改');

    // Back asks; 取消 puts the page back as it was, and asking again still works.
    await page.goBack({ waitUntil: 'commit' });
    await leaveQuestion(page).waitFor();
    await screenshot(page, 'designer-back-question', { fullPage: false });
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    await keepsTheEdit('返回前的修改');
    await page.goBack({ waitUntil: 'commit' });
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    await keepsTheEdit('返回前的修改');

    // 离开 makes the move: back to 我的待办.
    await page.goBack({ waitUntil: 'commit' });
    await leaveQuestion(page).getByRole('button', { name: '离开' }).click();
    await page.waitForURL(/\/tasks$/);
    await page.getByTestId('header-user-name').waitFor();
    expect(await canvasElement(page, 'Task_review').count()).toBe(0);

    // Forward asks the same: 我的待办 ahead in the history, the designer edited, then forward.
    await page.goForward({ waitUntil: 'commit' });
    await page.waitForURL(/\/designer\/processes$/);
    await menu.getByRole('link', { name: '我的待办' }).click();
    await page.waitForURL(/\/tasks$/);
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForURL(/\/designer\/processes$/);
    await importAndRename(page, '前进前的修改');
    await page.goForward({ waitUntil: 'commit' });
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    await keepsTheEdit('前进前的修改');

    // 退出登录 asks; 取消 stays signed in with the edit, 离开 signs out.
    const signOut = page.getByRole('button', { name: '退出登录' });
    await signOut.click();
    await leaveQuestion(page).waitFor();
    await screenshot(page, 'designer-sign-out-question', { fullPage: false });
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });
    await keepsTheEdit('前进前的修改');
    const session = () => page.evaluate("window.localStorage.getItem('rp.session')");
    expect(await session()).not.toBeNull();
    await signOut.click();
    await leaveQuestion(page).getByRole('button', { name: '离开' }).click();
    await page.waitForURL(/\/login$/);
    expect(await session()).toBeNull();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs out without asking when nothing is left to lose', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    await signIn(page, server.url, 'admin');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '流程设计' }).click();
    await page.waitForURL(/\/designer\/processes$/);
    await page.getByTestId('process-definition-list').getByText('resident-report').waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    expect(await leaveQuestion(page).count()).toBe(0);
    await context.close();
  });

  it('lets an admin relabel a form field with a live preview and deploy the form', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    const errors = collectPageErrors(page);
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: '表单设计' }).click();
    await page.waitForURL(/\/designer\/forms$/);
    await page.getByRole('button', { name: '编辑表单 report-accept' }).click();
    await page.waitForURL(/form=report-accept/);
    const field = page.locator('[data-testid="form-editor"] .fjs-editor-container [data-id="Field_category_1"]');
    await field.waitFor();
    await page.getByTestId('form-versions').getByRole('cell', { name: '第 1 版', exact: true }).waitFor();
    await page.getByTestId('form-preview').getByText('类别', { exact: true }).waitFor();

    await field.click();
    await page.getByTestId('form-editor').getByText('常规', { exact: true }).click();
    const label = page.locator('[data-testid="form-editor"] [data-entry-id="label"] [contenteditable="true"]');
    await label.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('问题类别');
    await page.getByTestId('form-preview').getByText('问题类别', { exact: true }).waitFor();
    await page.getByTestId('unsaved-tag').waitFor();
    await screenshot(page, 'designer-form');
    await page.getByRole('button', { name: '返回表单列表' }).click();
    await leaveQuestion(page).getByRole('button', { name: '取消' }).click();
    await leaveQuestion(page).waitFor({ state: 'detached' });

    expect(await clickForResponse(page, page.getByTestId('deploy-button'), 'POST', '/api/deployments')).toBe(201);
    await page.getByTestId('deploy-success').filter({ hasText: '第 2 版' }).waitFor();
    await page.getByTestId('form-versions').getByRole('cell', { name: '第 2 版', exact: true }).waitFor();
    await screenshot(page, 'designer-form-deployed');
    // Deployed: back to the list without a question.
    expect(await page.getByTestId('unsaved-tag').count()).toBe(0);
    await page.getByRole('button', { name: '返回表单列表' }).click();
    await page.getByTestId('form-definition-list').waitFor();
    expect(await leaveQuestion(page).count()).toBe(0);

    // Non-admins neither see nor open the designer.
    const other = await newPage(browser);
    await signIn(other.page, server.url, 'community');
    expect(await other.page.getByRole('navigation', { name: '主菜单' }).innerText()).not.toContain('表单设计');
    await other.page.goto(`${server.url}/designer/processes`);
    await other.page.getByText('此页面仅对管理员开放。').waitFor();
    await other.context.close();

    expect(errors).toEqual([]);
    await context.close();
  });
});
