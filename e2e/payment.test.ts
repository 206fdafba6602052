import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext, phone, scrollWidth } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * 交费 (issue 8): the non-practicing demo member presses 开始学习, pays at the sandbox cashier, comes back,
 * sees 已支付 and starts a lesson; the order is listed under 继续教育 → 交费记录. Its own server (fresh
 * database), with the sandbox gateway, the default outside production.
 */
// the second non-practicing demo member: the learning journey expects N310000000001's fee still unpaid
const MEMBER = 'N310000000002';

let server: RunningServer;
let browser: Browser;
let page: Page;
let orderNo: string;

onOwnServer(async (started) => {
  ({ server, browser } = started);
  page = await (await newContext(browser, server.url)).newPage();
});

describe('payment journey (非执业会员)', { shuffle: false }, () => {
  test('开始学习 with the fee unpaid leads to the fee page with the amount, order number and a code to pay', async () => {
    await loginAs(page, 'non_practicing', MEMBER);
    await page.goto('/member/learning');
    // 北京 unless this database's demo member already chose this year (another journey on the same server)
    const beijing = page.getByTestId('institute-card').filter({ hasText: '北京国家会计学院' });
    await Promise.race([
      beijing.waitFor().catch(() => {}),
      page
        .getByTestId('course-card')
        .first()
        .waitFor()
        .catch(() => {}),
    ]);
    if (await beijing.count()) {
      await beijing.getByRole('button').click();
      await page.getByRole('dialog').getByRole('button', { name: '确定选择' }).click();
    }
    await page.getByTestId('course-card').first().click();
    await page.getByTestId('lesson-row').first().getByRole('button', { name: '开始学习' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '交费' });
    // Pressed before the fee status arrived, the button opens the lesson, whose own 开始学习 asks to pay.
    await Promise.race([
      dialog.waitFor().catch(() => {}),
      page.waitForURL(/\/member\/learning\/lessons\/\d+$/).catch(() => {}),
    ]);
    if (/\/lessons\/\d+$/.test(page.url())) {
      // The course page stays on screen (with a 开始学习 per lesson) until the lesson page's chunk has
      // loaded: wait for the lesson page's own notice before pressing its 开始学习.
      await page
        .getByText('非执业会员须先交纳本年度继续教育费用，才可以开始学习。', { exact: true })
        .waitFor();
      await page.getByRole('button', { name: '开始学习' }).click();
    }
    await dialog.getByRole('button', { name: '去交费' }).click();
    await page.waitForURL(/\/member\/payment\?year=\d{4}/);
    const status = page.getByTestId('order-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toBe('待支付');
    orderNo = (await page.getByTestId('order-no').textContent()) ?? '';
    expect(orderNo).toMatch(/^\d{17}$/);
    const text = await page.locator('main').textContent();
    expect(text).toContain('80.00元');
    expect(text).toMatch(/国家会计学院/);
    await page.getByRole('img', { name: '支付二维码' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'fee-page.png'), fullPage: true });
  });

  test('pays at the sandbox cashier, comes back and sees 已支付', async () => {
    await page.getByRole('link', { name: '打开收银台支付' }).click();
    await page.waitForURL(/\/sandbox-pay\/cashier\//);
    await expect(page.textContent('body')).resolves.toContain(orderNo);
    await page.getByRole('button', { name: '确认支付' }).click();
    await page.getByText('支付成功').first().waitFor();
    await page.getByRole('link', { name: '返回商户' }).click();
    await page.waitForURL(/\/member\/payment\?year=/);
    await page.getByText('已支付').first().waitFor();
    await page.screenshot({ path: join(screenshots, 'fee-paid.png'), fullPage: true });
  });

  test('starts a lesson once paid', async () => {
    await page.getByRole('button', { name: '开始学习' }).click();
    await page.waitForURL(/\/member\/learning\/(courses|lessons)\/\d+$/);
    if (/\/courses\/\d+$/.test(page.url())) {
      await page.getByTestId('lesson-row').first().getByRole('button', { name: '开始学习' }).click();
      await page.waitForURL(/\/member\/learning\/lessons\/\d+$/);
    }
    // paid: the player itself, not the fee gate
    await page.locator('video').waitFor();
    expect(await page.getByText('非执业会员须先交纳本年度继续教育费用').count()).toBe(0);
  });

  test('lists the paid order under 继续教育 → 交费记录, also on a phone', async () => {
    const phonePage = await (await newContext(browser, server.url, phone)).newPage();
    await loginAs(phonePage, 'non_practicing', MEMBER);
    await phonePage.goto('/member/payments');
    const row = phonePage.getByRole('row').filter({ hasText: orderNo });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('已支付');
    expect(await scrollWidth(phonePage)).toBeLessThanOrEqual(phone.width);
    await phonePage.screenshot({ path: join(screenshots, 'payments-375.png'), fullPage: true });
    await phonePage.context().close();
  });
});
