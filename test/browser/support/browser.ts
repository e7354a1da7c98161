/**
 * Shared helpers for the web app's browser tests: Debian's Chromium driven by
 * playwright-core, the real server in-process (serving dist/web), and screenshots
 * under test-artifacts/screenshots for people to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const ROOT = join(__dirname, '../../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts/screenshots');
export const WEB_INDEX = join(ROOT, 'dist/web/index.html');

/** Password of every demo account (DEMO_PASSWORD's default). */
export const DEMO_PASSWORD = 'demo1234';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: run \`apt-get install chromium fonts-noto-cjk\` (as .ci/run does), or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The built web app must exist before the server starts (it looks for dist/web once, at boot). */
export function assertWebAppBuilt(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      'dist/web/index.html is missing: build the web app first (`npm run build`, or `npx vite build --config apps/web/vite.config.ts`).',
    );
  }
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const TABLET = { width: 768, height: 1024 } as const;

/** A fresh context (empty localStorage) in Chinese, at the given viewport. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Records uncaught page errors and console errors so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed API calls the test provokes on purpose (401, 400, 429) are logged by the browser as resource errors.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Saves test-artifacts/screenshots/<name>.png: the whole page, or only the viewport (for drawers and dialogs). */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Let antd's animations (drawers, messages) settle so the picture shows the end state.
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** Fills the login form and submits it (does not wait for the outcome). */
export async function submitLogin(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in and waits for the app shell with the user's name. */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, baseUrl, username, password);
  await page.getByTestId('header-user-name').waitFor();
}

/** Picks an option of an antd Select by its visible text (the list is virtual: only a few options exist in the DOM). */
export async function chooseOption(page: Page, select: Locator, text: string): Promise<void> {
  // On a loaded machine a click can land while the dropdown is still animating open and
  // select nothing; the option then lacks its `-selected` class, so open and click again.
  const selected = page.locator('.ant-select-dropdown .ant-select-item-option-selected').filter({ hasText: text });
  for (let attempt = 1; ; attempt += 1) {
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
    if (!(await option.isVisible())) {
      await select.click();
      if (await select.isEditable()) await select.fill(text);
    }
    await option.click();
    try {
      await selected.first().waitFor({ state: 'attached', timeout: 3000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Picks a unit in an antd TreeSelect by searching for its name. */
export async function chooseTreeOption(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await select.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper').filter({ hasText: text }).first().click();
}

/** Clicks and waits for the API call the click sends (`POST /api/users`), returning its status. */
export async function clickForResponse(page: Page, target: Locator, method: string, apiPath: string): Promise<number> {
  try {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === apiPath, { timeout: 30_000 }),
      target.click(),
    ]);
    return response.status();
  } catch (error) {
    // Usually the form refused to submit: say which fields complained, and keep a picture.
    await screenshot(page, 'failed-submit', { fullPage: false }).catch(() => undefined);
    const complaints = await page.locator('.ant-form-item-explain-error').allInnerTexts();
    throw new Error(`${method} ${apiPath} was not sent (form errors: ${complaints.join('; ') || 'none'}): ${String(error)}`);
  }
}
