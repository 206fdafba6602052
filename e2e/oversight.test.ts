import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext, phone, scrollWidth } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * National oversight (issue 12): the national admin reads the compliance dashboard after the nightly
 * refresh, drills down to one member's year, and exports the list with a progress bar and a download;
 * the finished export is found again under 我的导出 (also on a phone) and downloaded from there.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
/** the export the journey started, found again under 我的导出 */
let exportId: number;

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
    exportId = Number((await link.getAttribute('href'))?.match(/\/api\/exports\/(\d+)\/file$/)?.[1]);
    expect(exportId).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'oversight-export.png'), fullPage: true });
  });

  test('finds the finished export under 我的导出 after leaving the page, and downloads it from there', async () => {
    // The list's first answer shows the export still running, as it would be when left early: the page
    // must then ask again by itself until it is done, and stop asking once nothing is running.
    let answers = 0;
    await page.route('**/api/exports', async (route) => {
      if (route.request().method() !== 'GET' || answers++ > 0) return route.fallback();
      const response = await route.fetch();
      const jobs = (await response.json()) as { id: number }[];
      await route.fulfill({
        response,
        json: jobs.map((j) => (j.id === exportId ? { ...j, status: 'running', progress: 40 } : j)),
      });
    });
    await page.getByTestId('export-my-exports').getByRole('link', { name: '「我的导出」' }).click();
    await page.waitForURL(/\/staff\/exports$/);
    const row = page.getByTestId('my-exports').locator(`tr[data-row-key="${exportId}"]`);
    await row.getByText('生成中', { exact: true }).waitFor();
    await row.getByText('已完成', { exact: true }).waitFor({ timeout: 30_000 });
    await page.unroute('**/api/exports');
    await expect(row.textContent()).resolves.toMatch(/^学时完成情况.*已完成/);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/exports') asked.push(r.url());
    });
    await page.waitForTimeout(4_500); // more than twice the page's refresh interval
    expect(asked).toEqual([]);

    const link = row.getByTestId(`my-export-download-${exportId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^学时完成情况-.*-${exportId}\\.xlsx$`));
    expect(await download.failure()).toBeNull();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'my-exports.png'), fullPage: true });
  });

  test('at 375 px 我的导出 fits the screen', async () => {
    const phonePage = await (await newContext(browser, server.url, phone)).newPage();
    await loginAs(phonePage, 'staff', 'national-admin');
    await phonePage.goto('/staff/exports');
    const list = phonePage.getByTestId('my-exports');
    const block = list.locator(`[data-row-key="${exportId}"]`);
    await block.getByTestId(`my-export-download-${exportId}`).waitFor();
    await expect(block.textContent()).resolves.toMatch(/^学时完成情况已完成/);
    // On a phone the exports are blocks, not a table that would need scrolling sideways.
    expect(await list.getByRole('row').count()).toBe(0);
    expect(await scrollWidth(phonePage)).toBeLessThanOrEqual(phone.width);
    await phonePage.screenshot({ path: join(screenshots, 'my-exports-375.png'), fullPage: true });
    await phonePage.context().close();
  });
});
