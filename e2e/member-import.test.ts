import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loginAs, newContext } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * 会员导入 in the background (issue 12): the national admin uploads a workbook, the check runs as a
 * background import the page polls, reads the row errors of a broken file, then checks a good one and confirms it.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;

onOwnServer(async (started) => {
  ({ server, browser } = started);
  page = await (await newContext(browser, server.url)).newPage();
});

const HEADERS = [
  '会员证书编号',
  '姓名',
  '会员类型',
  '身份证号',
  '手机号',
  '地方注协',
  '会计师事务所',
  '注册日期',
];
const ID_NUMBERS = ['110101199003074477', '11010519491231002X'];

/** A workbook of the import template with two members, all with this mobile number. */
async function workbook(name: string, mobile: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会员导入');
  ws.addRow(HEADERS);
  ID_NUMBERS.forEach((id, i) => {
    ws.addRow([
      `31${String(Date.now() % 1e9).padStart(9, '0')}${i}`,
      `导入会员${i}`,
      '执业会员',
      id,
      mobile,
      '上海',
      '导入会计师事务所',
      '2018-06-01',
    ]);
  });
  const file = join(mkdtempSync(join(tmpdir(), 'cpe-import-')), name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('member import journey (中注协)', { shuffle: false }, () => {
  test('a broken file: the check lists the row errors and nothing can be imported', async () => {
    await loginAs(page, 'staff', 'national-admin');
    await page.goto('/staff/members/import');
    await page.locator('input[type=file]').setInputFiles(await workbook('有错误.xlsx', '123'));
    await page.getByRole('button', { name: '预检' }).click();
    await page.getByText('共 2 处错误，未保存任何数据').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('cell', { name: '手机号码应为 11 位数字' }).count()).resolves.toBe(2);
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
  });

  test('a good file: checked in the background, then 确认导入 saves every row', async () => {
    await page.locator('input[type=file]').setInputFiles(await workbook('会员.xlsx', '13912345678'));
    await page.getByRole('button', { name: '预检' }).click();
    await page.getByText('全部通过：将新增 2 人').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-done').textContent()).resolves.toContain('新增 2 人');
    await page.screenshot({ path: join(screenshots, 'member-import.png'), fullPage: true });
  });
});
