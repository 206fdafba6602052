import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext, phone, scrollWidth } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * 年度管理 (issue 12): the national admin reminds the members short of the year by SMS and watches the
 * campaign finish, then closes the year and re-opens it with a reason; a member turns the reminders off
 * on a phone.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
const year = Number(
  new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(),
);

onOwnServer(async (started) => {
  ({ server, browser } = started);
  // what the nightly job does: the statuses the campaigns read
  await server.runCli(['jobs', 'run', 'compliance-refresh']);
  page = await (await newContext(browser, server.url)).newPage();
});

describe('year administration journey (中注协)', { shuffle: false }, () => {
  test('creates a reminder campaign and sees it finish', async () => {
    await loginAs(page, 'staff', 'national-admin');
    await page.getByRole('navigation', { name: '主菜单' }).getByText('年度管理', { exact: true }).click();
    await page.waitForURL(/\/staff\/years$/);
    const preview = page.getByTestId('reminder-preview');
    // counted by the server over the year's members: more than a second on a loaded machine
    await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toMatch(/将提醒 [1-9]\d* 人/);
    await page.getByRole('button', { name: '发送提醒' }).click();
    const row = page.locator('tr[data-row-key]').first();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('排队中');

    // the job that runs every minute, run now (the server restarts; the page keeps polling)
    await server.runCli(['jobs', 'run', 'reminder-campaign']);
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('已完成');
    await page.screenshot({ path: join(screenshots, 'year-admin-reminders.png'), fullPage: true });
  });

  test('closes the year after confirming the freeze, then re-opens it with a reason', async () => {
    await page.getByRole('button', { name: `关闭${year}年度` }).click();
    // the dialog by its title, and its text once it is there (textContent does not wait for it)
    const confirm = page.getByRole('dialog', { name: `关闭${year}年度` });
    await expect.poll(() => confirm.textContent()).toContain('冻结');
    await confirm.getByRole('button', { name: '确认关闭' }).click();
    // the dialog closes only when the close succeeded (an error would be shown with it still open)
    await expect.poll(() => confirm.isVisible(), { timeout: 30_000 }).toBe(false);
    await expect
      .poll(() => page.getByTestId('closure-status').textContent(), { timeout: 30_000 })
      .toBe('已关闭');
    await expect(page.getByRole('button', { name: '发送提醒' }).isDisabled()).resolves.toBe(true);

    await page.getByRole('button', { name: '重新开放年度' }).click();
    const reopen = page.getByRole('dialog', { name: `重新开放${year}年度` });
    await reopen.getByRole('button', { name: '确认重新开放' }).click();
    await expect.poll(() => reopen.textContent()).toContain('请填写重新开放的理由');
    await reopen.getByLabel('重新开放理由').fill('补录面授学时');
    await reopen.getByRole('button', { name: '确认重新开放' }).click();
    await expect
      .poll(() => page.getByTestId('closure-status').textContent(), { timeout: 30_000 })
      .toBe('已重新开放');
    await reopen.waitFor({ state: 'hidden' });
    await expect(page.getByText('补录面授学时').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(screenshots, 'year-admin-closure.png'), fullPage: true });
  });

  test('a member turns the reminder texts off on a phone', async () => {
    const member = await (await newContext(browser, server.url, phone)).newPage();
    await loginAs(member, 'practicing', '310000012345');
    await member.goto('/member/security');
    const toggle = member.getByRole('switch', { name: '接收年度学时提醒短信' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await member.reload();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    expect(await scrollWidth(member)).toBeLessThanOrEqual(phone.width);
  });
});
