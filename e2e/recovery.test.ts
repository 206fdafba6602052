import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  DEMO_PASSWORD,
  launchBrowser,
  newContext,
  phone,
  scrollWidth,
  submitLogin,
} from './support/browser.ts';
import { screenshots } from './support/screens.ts';

const baseUrl = inject('baseUrl');
const USERNAME = '310000012345';
const NEW_PASSWORD = 'Xin#Mima2024ok';
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The newest recovery code the development provider kept for the phone, read from the demo outbox page. */
async function codeFromOutbox(page: Page, fullPhone: string): Promise<string> {
  await page.goto('/dev/sms-outbox');
  const card = page.getByTestId('sms').filter({ hasText: fullPhone }).filter({ hasText: '验证码' }).first();
  await card.waitFor();
  const text = (await card.textContent()) ?? '';
  const code = /验证码 (\d{6})/.exec(text)?.[1];
  if (!code) throw new Error(`no code in: ${text}`);
  return code;
}

describe('忘记密码 at phone size', { shuffle: false }, () => {
  test('login page -> QR page -> H5 page -> code from the dev outbox -> new password -> log in', async () => {
    const context = await newContext(browser, baseUrl, phone);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码' }).click();
    await page.waitForURL(/\/forgot-password$/);
    const qr = page.getByAltText('找回密码页面二维码');
    await qr.waitFor();
    expect(await qr.getAttribute('data-target')).toBe(`${baseUrl}/h5/recovery`);
    await expect(page.getByText('扫码关注公众号').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: '010-88250337' }).isVisible()).resolves.toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: join(screenshots, 'recovery-qr.png'), fullPage: true });

    // What the QR code opens: the official account's mobile page.
    await page.getByRole('link', { name: /在本机打开找回密码页面/ }).click();
    await page.waitForURL(/\/h5\/recovery$/);
    await page.getByLabel('用户名', { exact: true }).fill(USERNAME);
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByTestId('masked-phone').textContent()).resolves.toBe('138****8628');
    await expect(page.getByRole('link', { name: '010-88250338' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送至 138****8628').waitFor();
    expect(await page.content()).not.toContain('13812348628');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: join(screenshots, 'recovery-h5.png'), fullPage: true });

    // The demo user reads the code on the dev outbox page (another tab of the same phone).
    const outbox = await context.newPage();
    const code = await codeFromOutbox(outbox, '13812348628');
    await outbox.screenshot({ path: join(screenshots, 'recovery-outbox.png') });
    await outbox.close();

    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByText('密码已重置').waitFor();
    await page.getByRole('button', { name: '去登录' }).click();
    await page.waitForURL(/\/login$/);

    // The old password no longer works; the new one does.
    await submitLogin(page, 'practicing', USERNAME, DEMO_PASSWORD);
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await submitLogin(page, 'practicing', USERNAME, NEW_PASSWORD);
    await page.waitForURL(/\/member$/);

    // 账户安全: change the password back (the other journeys log in with the demo password).
    await page.getByRole('button', { name: '账户安全' }).click();
    await page.waitForURL(/\/member\/security$/);
    await page.getByLabel('当前密码').first().fill(NEW_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('确认新密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: join(screenshots, 'account-security.png'), fullPage: true });
    await context.close();
  });
});
