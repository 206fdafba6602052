import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * National oversight (issue 12): the national admin reads the compliance dashboard after the nightly
 * refresh, drills down to one member's year, and exports the list with a progress bar and a download.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;

onOwnServer(async (started) => {
  ({ server, browser } = started);
  // what the nightly job does: the statuses the dashboard reads
  await server.runCli(['jobs', 'run', 'compliance-refresh']);
  page = await (await newContext(browser, server.url)).newPage();
});

describe('national oversight journey (中注协)', { shuffle: false }, () => {
  test('the dashboard shows the year nationwide with charts and the as-of time', async () => {
    await loginAs(page, 'staff', 'national-admin');
    await page.getByRole('navigation', { name: '主菜单' }).getByText('报表', { exact: true }).click();
    await page.waitForURL(/\/staff\/reports$/);
    await expect(page.getByTestId('as-of').textContent()).resolves.toMatch(/数据更新于/);
    await page.getByTestId('province-chart').locator('canvas').waitFor();
    await page.getByTestId('curve-chart').locator('canvas').waitFor();
    await page.screenshot({ path: join(screenshots, 'oversight-dashboard.png'), fullPage: true });
  });

  test("drills down to one member's year, read-only", async () => {
    await page.getByTestId('view-310000012345').click();
    const year = page.getByTestId('member-year');
    await year.waitFor();
    await expect(year.textContent()).resolves.toContain('此查看已记入审计日志');
    await page.keyboard.press('Escape');
    await year.waitFor({ state: 'hidden' });
  });

  test('exports the list in the background with a progress bar and a download when ready', async () => {
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    await page.getByTestId('export-progress').waitFor();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.screenshot({ path: join(screenshots, 'oversight-export.png'), fullPage: true });
  });
});
