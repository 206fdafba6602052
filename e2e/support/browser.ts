import type { UserType } from '@cpe/shared';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo#2024pass';

/** Debian's Chromium; the networking flags stop it calling out of this closed network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 375, height: 740 };

/** A fresh cookie jar per journey; page paths are relative to the server. */
export function newContext(browser: Browser, baseURL: string, viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

const userTypeLabel: Record<UserType, string> = {
  practicing: '执业会员',
  non_practicing: '非执业会员',
  staff: '管理人员',
};

/** Fills the user type, user name and password on the login page (already open) and submits. */
export async function submitLogin(page: Page, userType: UserType, username: string, password: string) {
  await page.getByLabel('用户类型').selectOption({ label: userTypeLabel[userType] });
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  const button = page.getByRole('button', { name: '登录', exact: true });
  await button.click().catch(async (e: Error) => {
    // Say what the page showed instead of the button, should it ever be missing.
    const form = await page
      .locator('form#login')
      .evaluate((f) => f.outerHTML)
      .catch(() => 'no login form');
    throw new Error(`${e.message}\nlogin form: ${form}`);
  });
}

/** Logs in through the real login page and waits for the portal of the user's type. */
export async function loginAs(page: Page, userType: UserType, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await submitLogin(page, userType, username, password);
  await page.waitForURL(userType === 'staff' ? /\/staff$/ : /\/member$/);
}

/** Width of the page's content; more than the viewport means a horizontal scroll bar. */
export const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
