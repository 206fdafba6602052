import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, loginAs, newContext } from './support/browser.ts';
import { samplePdf } from './support/files.ts';
import { screenshots } from './support/screens.ts';

/**
 * The output-hours journey (issue 9): the practicing demo member claims two articles with a PDF each,
 * the 上海 reviewer approves one and rejects the other, the member sees the output hours in 学时查询 and
 * the rejection reason in 我的消息.
 */
const baseUrl = inject('baseUrl');
const MEMBER = '310000012345';
const REVIEWER = 'sh-reviewer';
const run = Date.now().toString(36);
const TITLES = [`审计质量控制研究${run}`, `内部控制评价方法${run}`];
const REASON = '刊物非公开发行，不予认定';

let browser: Browser;
let member: Page;
let reviewer: Page;
let pdf: string;

/** A session cookie for the reviewer through the API, to undo earlier runs' approvals (PostgreSQL keeps them). */
async function api(path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie,
      origin: baseUrl,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

/**
 * Clicks a decision button until its request leaves. Chromium's PDF viewer, starting up in the drawer
 * beside the button, now and then takes a click for itself; a reviewer clicks again, and so does this.
 * One request at most: the next click waits until the previous one is known not to have sent any.
 */
async function decide(page: Page, button: Locator, verb: string) {
  await vi.waitFor(
    async () => {
      const sent = page.waitForRequest((r) => r.url().endsWith(`/${verb}`), { timeout: 2_000 });
      await Promise.all([sent, button.click()]);
    },
    { timeout: 20_000 },
  );
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  pdf = join(mkdtempSync(join(tmpdir(), 'cpe-e2e-pdf-')), '刊物证明.pdf');
  writeFileSync(pdf, await samplePdf('Journal cover'));
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ userType: 'staff', username: REVIEWER, password: DEMO_PASSWORD, captcha: '' }),
  });
  const session = login.headers.getSetCookie().find((c) => c.startsWith('cpe_session='));
  if (!session) throw new Error(`reviewer login failed: ${login.status} ${await login.text()}`);
  const cookie = session.split(';')[0]!;
  const res = await api(`/api/review/claims?status=approved&q=${MEMBER}`, cookie);
  const approved = (await res.json()) as { claims: { id: number }[] };
  if (!res.ok) throw new Error(`review list: ${res.status} ${JSON.stringify(approved)}`);
  for (const c of approved.claims as { id: number }[]) {
    await api(`/api/review/claims/${c.id}/reverse`, cookie, { comment: '清理以前的演练数据' });
  }
  browser = await launchBrowser();
  member = await (await newContext(browser, baseUrl)).newPage();
  reviewer = await (await newContext(browser, baseUrl)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

const menu = (p: Page) => p.getByRole('navigation', { name: '主菜单' });

describe('output hours journey (执业会员 and 上海 reviewer)', { shuffle: false }, () => {
  test('the member claims two articles, sees the preview, attaches a PDF to each and submits', async () => {
    await loginAs(member, 'practicing', MEMBER);
    await menu(member).getByText('产出法形式学时', { exact: true }).click();
    await member.waitForURL(/\/member\/output-hours$/);
    for (const title of TITLES) {
      await member.getByRole('button', { name: '新增' }).click();
      const dialog = member.getByRole('dialog');
      await dialog.getByLabel('申报项目').click();
      await dialog.getByLabel('申报项目').fill('公开发行的刊物');
      await member
        .locator('.ant-select-item-option')
        .filter({ hasText: '公开发行的刊物上发表专业文章' })
        .click();
      await dialog.getByLabel('文章标题').fill(title);
      await dialog.getByLabel('刊物名称').fill('中国注册会计师');
      await dialog.getByLabel('发表日期').fill(`${new Date().getFullYear()}-03-01`);
      await expect(dialog.getByTestId('claim-preview').textContent()).resolves.toContain('预计可计');
      await dialog.getByRole('button', { name: '保存草稿' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const card = member.locator('.ant-card').filter({ hasText: title });
      await card.waitFor();
      await card.getByTestId('evidence-input').setInputFiles(pdf);
      await card.getByText('刊物证明.pdf').waitFor();
      await card.getByRole('button', { name: '提交审核' }).click();
      await card.getByText('待审核').waitFor();
    }
    await member.screenshot({ path: join(screenshots, 'claims-member.png'), fullPage: true });
  });

  test('the 上海 reviewer approves one with the computed hours and rejects the other with a reason', async () => {
    await loginAs(reviewer, 'staff', REVIEWER);
    await reviewer.goto('/staff/review/output-hours');
    const first = reviewer.locator('tr.ant-table-row').filter({ hasText: TITLES[0]! });
    await first.click();
    const drawer = reviewer.getByRole('dialog');
    await drawer.getByText('规则计算').waitFor();
    await expect(drawer.getByLabel('核定学时').inputValue()).resolves.toBe('8.00');
    await reviewer.screenshot({ path: join(screenshots, 'claims-review.png') });
    await decide(reviewer, drawer.getByRole('button', { name: '通过', exact: true }), 'approve');
    await first.waitFor({ state: 'detached' });

    await reviewer.locator('tr.ant-table-row').filter({ hasText: TITLES[1]! }).click();
    await drawer.getByLabel('审核意见').fill(REASON);
    await decide(reviewer, drawer.getByRole('button', { name: '不通过' }), 'reject');
    await reviewer.locator('tr.ant-table-row').filter({ hasText: TITLES[1]! }).waitFor({ state: 'detached' });
  });

  test('the member sees the output hours in 学时查询 and the rejection reason in the message list', async () => {
    await member.goto('/member/hours');
    await member.getByText('学时查询').first().waitFor();
    await expect(member.locator('body').textContent()).resolves.toMatch(/产出/);
    const hours = await (await member.request.get('/api/me/hours')).json();
    expect(hours.credited.output).toBeGreaterThanOrEqual(8);
    await member.getByTestId('messages-badge').click();
    await member.waitForURL(/\/member\/messages$/);
    await member.getByText(REASON, { exact: false }).first().waitFor();
    await member.screenshot({ path: join(screenshots, 'claims-messages.png'), fullPage: true });
    await member.goto('/member/output-hours');
    await member.getByText(`审核意见：${REASON}`).waitFor();
    await member.getByText('8.00学时/32学时').waitFor();
  });

  test('the reviewer takes every claim of the province to Excel from the workbench', async () => {
    await reviewer.goto('/staff/review/output-hours');
    await reviewer.getByText(/^全部$/).click();
    await reviewer.locator('tr.ant-table-row').filter({ hasText: TITLES[0]! }).waitFor();
    await reviewer.getByRole('button', { name: /导出 Excel/ }).click();
    const link = reviewer.getByTestId('export-download');
    await link.waitFor({ timeout: 120_000 });
    await expect(link.textContent()).resolves.toMatch(/[1-9]\d* 行/);
    const [download] = await Promise.all([reviewer.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^产出学时申报-.+\.xlsx$/);
  });
});
