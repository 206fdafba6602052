import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, loginAs, newContext } from './support/browser.ts';
import { screenshots } from './support/screens.ts';

/**
 * 对接密钥 (issue 12 item 6): the 北京 institute admin issues a key, the institute's platform signs a batch
 * with it and gets its report, then the admin disables the key and the platform is refused.
 */
const baseUrl = inject('baseUrl');
const PATH = '/api/integration/v1/hour-records';
let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await (await newContext(browser, baseUrl)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed batch as docs/integration-client.mjs sends it. */
async function pushBatch(keyId: string, secret: string) {
  const body = JSON.stringify({
    records: [
      {
        recordId: `e2e-${randomBytes(4).toString('hex')}`,
        memberType: 'practicing',
        certificateNumber: '119999999999',
        year: new Date().getFullYear(),
        courseTitle: '外部平台课程',
        lessonTitle: '第一讲',
        kind: 'elective',
        hours: 1,
        completedAt: new Date(Date.now() - 7_200_000).toISOString(),
        evaluatedAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
    ],
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const hash = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', secret)
    .update(`POST\n${PATH}\n${timestamp}\n${nonce}\n${hash}`)
    .digest('hex');
  const res = await fetch(new URL(PATH, baseUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-cpe-key': keyId,
      'x-cpe-timestamp': timestamp,
      'x-cpe-nonce': nonce,
      'x-cpe-signature': signature,
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

describe('对接密钥 journey', { shuffle: false }, () => {
  test('the 北京 institute admin issues a key that signs a batch, then disables it', async () => {
    await loginAs(admin, 'staff', 'bnai-admin');
    await admin.getByRole('navigation', { name: '主菜单' }).getByText('对接密钥', { exact: true }).click();
    await admin.waitForURL(/\/staff\/integration-keys$/);
    await admin.getByRole('button', { name: '发放新密钥' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('密钥内容只显示这一次').waitFor();
    const codes = await dialog.locator('code').allTextContents();
    const [keyId, secret] = codes as [string, string];
    expect(keyId).toMatch(/^ik_[0-9a-f]{16}$/);
    await admin.screenshot({ path: join(screenshots, 'integration-keys.png'), fullPage: true });
    await dialog.getByRole('button', { name: '我已妥善保存' }).click();
    const row = admin.getByRole('row', { name: new RegExp(keyId) });
    await row.getByText('启用').waitFor();

    const pushed = await pushBatch(keyId, secret);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ accepted: 0, refused: 1, rows: [{ code: 'NOT_FOUND' }] });

    await row.getByRole('button', { name: '停用' }).click();
    await admin.getByRole('tooltip').getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').waitFor();
    expect((await pushBatch(keyId, secret)).status).toBe(401);
  });
});
