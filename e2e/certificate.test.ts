import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext, phone, scrollWidth } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * 学时证明 (issue 12): the practicing demo member 李华, whose last year the demo data completed with two
 * 面授 trainings (40 学时), opens 学时查询 on a phone, picks that year, downloads the PDF and reads its
 * verification code; a stranger's browser (no login) opens /verify/:code and sees the masked name, the
 * year and the hours; an unknown code says plainly that nothing was found.
 */
const MEMBER = '110000054321';
const YEAR =
  Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format()) - 1;

let server: RunningServer;
let browser: Browser;
let member: Page;
let code: string;

onOwnServer(async (started) => {
  ({ server, browser } = started);
  member = await (await newContext(browser, server.url, phone)).newPage();
});

describe('hours certificate journey (学时证明)', { shuffle: false }, () => {
  test('the member downloads the PDF of a compliant year from 学时查询 at 375 px', async () => {
    await loginAs(member, 'practicing', MEMBER);
    await member.goto('/member/hours');
    await member.getByRole('combobox', { name: '年度' }).click();
    await member
      .locator('.ant-select-item-option')
      .filter({ hasText: `${YEAR}年度` })
      .click();
    await expect(member.getByTestId('compliance').textContent()).resolves.toBe('达标');
    expect(await scrollWidth(member)).toBeLessThanOrEqual(phone.width);
    await member.screenshot({ path: join(screenshots, 'certificate-hours.png'), fullPage: true });

    const [download] = await Promise.all([
      member.waitForEvent('download'),
      member.getByTestId('certificate').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`学时证明-${YEAR}.pdf`);
    const file = join(mkdtempSync(join(tmpdir(), 'cpe-cert-')), download.suggestedFilename());
    await download.saveAs(file);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('注册会计师继续教育学时证明');
    expect(text).toContain('认可学时合计：40.00 学时');
    code = /验证码：([A-Za-z0-9_-]+)/.exec(text)![1]!;
    expect(text).toContain(`/verify/${code}`);
  });

  test('anyone opens /verify/:code without logging in and sees the masked name, year and hours', async () => {
    const stranger = await (await newContext(browser, server.url, phone)).newPage();
    await stranger.goto(`/verify/${code}`);
    const verification = stranger.getByTestId('verification');
    await verification.waitFor();
    const shown = await verification.textContent();
    expect(shown).toContain('李*');
    expect(shown).not.toContain('李华');
    expect(shown).toContain(`${YEAR}年度`);
    expect(shown).toContain('40.00 学时');
    expect(await scrollWidth(stranger)).toBeLessThanOrEqual(phone.width);
    await stranger.screenshot({ path: join(screenshots, 'certificate-verify.png'), fullPage: true });

    await stranger.goto(`/verify/${'A'.repeat(24)}`);
    await stranger.getByText('未找到该证明').waitFor();
    await stranger.getByText('未找到该学时证明，请核对二维码或验证码').waitFor();
  });
});
