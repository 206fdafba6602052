import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, loginAs, newContext } from './support/browser.ts';
import { screenshots } from './support/screens.ts';

/**
 * The 培训通知 and 面授 journey (issue 11): the 上海 reviewer publishes a training, a member signs up,
 * the reviewer imports the attendance roster, and the member sees the 面授 hours in 学时查询.
 */
const TITLE = `新审计准则面授培训${Date.now() % 100000}`;
const MEMBER = { username: '310000012346', name: '陈晨' };

/** The run's shared server (global setup): a fresh database with the demo data. */
const baseUrl = inject('baseUrl');
let browser: Browser;
let reviewer: Page;
let member: Page;

/** A date `days` from today, YYYY-MM-DD in Asia/Shanghai. */
const inDays = (days: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

beforeAll(async () => {
  browser = await launchBrowser();
  reviewer = await (await newContext(browser, baseUrl)).newPage();
  member = await (await newContext(browser, baseUrl)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

const menu = (p: Page, label: string) =>
  p.getByRole('navigation', { name: '主菜单' }).getByText(label, { exact: true }).click();

async function pickDate(p: Page, placeholder: string, date: string) {
  const input = p.getByRole('dialog').getByPlaceholder(placeholder);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('培训通知 and 面授 journey', { shuffle: false }, () => {
  test('the 上海 reviewer publishes a training notice', async () => {
    await loginAs(reviewer, 'staff', 'sh-reviewer');
    await menu(reviewer, '面授培训登记');
    await reviewer.waitForURL(/\/staff\/face-to-face$/);
    await reviewer.getByRole('button', { name: '发布培训通知' }).click();
    const dialog = reviewer.getByRole('dialog');
    await dialog.getByLabel('标题').fill(TITLE);
    await dialog.getByLabel('通知内容').fill('培训内容：新审计准则解读。\n请携带证书。');
    await dialog.getByLabel('培训地点').fill('上海市浦东新区');
    await pickDate(reviewer, '开始日期', inDays(20));
    await pickDate(reviewer, '结束日期', inDays(21));
    await pickDate(reviewer, '请选择日期', inDays(10));
    await dialog.getByLabel('学时').fill('8');
    await dialog.getByLabel('名额').fill('30');
    await dialog.getByRole('button', { name: '发布' }).click();
    await reviewer.getByRole('cell', { name: TITLE }).waitFor();
  });

  test('a 上海 member sees it unread under 培训通知 and signs up', async () => {
    await loginAs(member, 'practicing', MEMBER.username);
    await menu(member, '培训通知');
    await member.waitForURL(/\/member\/notices$/);
    const card = member.getByTestId(`notice-${TITLE}`);
    await card.getByText('未读').waitFor();
    await card.click();
    const dialog = member.getByRole('dialog');
    await dialog.getByText('上海市浦东新区').waitFor();
    await dialog.getByRole('button', { name: '报名', exact: true }).click();
    await dialog.getByRole('button', { name: '取消报名' }).waitFor();
    await member.screenshot({ path: join(screenshots, 'trainings-signup.png'), fullPage: true });
    await member.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('已报名').waitFor();
    expect(await card.getByText('未读').count()).toBe(0);
  });

  test('the reviewer imports the attendance roster: checked first, then saved', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('出勤名单');
    ws.addRow(['证书编号', '姓名']);
    ws.addRow([MEMBER.username, MEMBER.name]);
    const file = join(mkdtempSync(join(tmpdir(), 'cpe-roster-')), '出勤名单.xlsx');
    await wb.xlsx.writeFile(file);

    await reviewer.reload();
    await reviewer.getByTestId(`attendance-${TITLE}`).click();
    const dialog = reviewer.getByRole('dialog');
    await dialog.getByRole('cell', { name: MEMBER.username }).waitFor();
    await dialog.getByTestId('roster-input').setInputFiles(file);
    await dialog.getByText('校验通过：共 1 行').waitFor();
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await reviewer.getByText('已记录出勤 1 人').waitFor();
    await expect
      .poll(() => dialog.getByRole('row', { name: new RegExp(MEMBER.username) }).textContent())
      .toContain('已记录');
    await reviewer.screenshot({ path: join(screenshots, 'trainings-attendance.png'), fullPage: true });
  });

  test('the member sees the 面授 hours in 学时查询', async () => {
    await member.goto('/member/hours');
    await expect
      .poll(() => member.getByTestId('credited-face-to-face').textContent(), { timeout: 10_000 })
      .toContain('8.00');
  });
});
