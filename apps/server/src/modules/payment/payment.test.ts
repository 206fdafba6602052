import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp, lessonsOf, report, YEAR } from '../../../test/learning.ts';
import {
  auditRows,
  count,
  createOrder,
  feeRows,
  makePayer,
  orderState,
  payAtCashier,
  sandboxOf,
} from '../../../test/payment.ts';
import { readXlsxRows } from '../../documents/xlsx.ts';
import { findJob } from '../../jobs/registry.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

describe('orders', () => {
  it('answers the scheduled amount with a guide-format number and a code to pay; a price sent is ignored', async () => {
    const m = await makePayer(t);
    const res = await createOrder(t, m.cookie, { year: YEAR, instituteId: 1, amountFen: 1, price: 0.01 });
    expect(res.statusCode, res.body).toBe(200);
    const order = res.json();
    expect(order.orderNo).toMatch(/^\d{17}$/);
    expect(order.orderNo.slice(0, 8)).toBe(`${YEAR}0615`);
    expect(order.amountFen).toBe(8000);
    expect(order.status).toBe('pending');
    expect(order.codeUrl).toMatch(/^\/sandbox-pay\/cashier\/wx/);
    expect(order.instituteName).toBeTruthy();
  });

  it('is idempotent: the same key gives the same order, double clicks give one open order', async () => {
    const m = await makePayer(t);
    const [a, b] = await Promise.all([
      createOrder(t, m.cookie, undefined, 'key-00000001'),
      createOrder(t, m.cookie, undefined, 'key-00000001'),
    ]);
    expect(a.json().orderNo).toBe(b.json().orderNo);
    const clicks = await Promise.all(Array.from({ length: 5 }, () => createOrder(t, m.cookie)));
    expect(new Set(clicks.map((r) => r.json().orderNo))).toEqual(new Set([a.json().orderNo]));
    expect(await count(t, sql`SELECT count(*) AS n FROM payment_orders WHERE member_id = ${m.id}`)).toBe(1);
    const reused = await createOrder(t, m.cookie, { year: YEAR, instituteId: 2 }, 'key-00000001');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('needs the member’s chosen institute of the year', async () => {
    const none = await makeMember(t, { memberType: 'non_practicing' });
    const res = await createOrder(t, none.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INSTITUTE_NOT_CHOSEN');
    const other = await makePayer(t, 2);
    const wrong = await createOrder(t, other.cookie, { year: YEAR, instituteId: 1 });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('CONFLICT');
    const practicing = await makeMember(t, { institute: 1 });
    expect((await createOrder(t, practicing.cookie)).statusCode).toBe(403);
  });

  it('takes the amount from the fee schedule the national admin sets, at once', async () => {
    const admin = await makeStaff(t);
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/staff/fees',
      headers: { cookie: admin.cookie },
      payload: { year: YEAR, instituteId: 3, amountFen: 12345 },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items.find((i: { instituteId: number }) => i.instituteId === 3)).toMatchObject({
      amountFen: 12345,
      scheduled: true,
    });
    const m = await makePayer(t, 3);
    const fee = await t.app.inject({ url: `/api/me/fee?year=${YEAR}`, headers: { cookie: m.cookie } });
    expect(fee.json()).toMatchObject({ required: true, paid: false, amountFen: 12345 });
    expect((await createOrder(t, m.cookie, { year: YEAR, instituteId: 3 })).json().amountFen).toBe(12345);
    expect(await auditRows(t, 'fee.schedule.set', `institute:3:${YEAR}`)).toBeGreaterThan(0);
  });

  it('pays in the sandbox: the order turns paid by itself, learning unlocks, a receipt is issued', async () => {
    const m = await makePayer(t);
    const [lesson] = await lessonsOf(t.deps.db, 1);
    expect((await report(t.app, m.cookie, lesson!.id, 0, 0)).statusCode).toBe(402);
    const order = (await createOrder(t, m.cookie)).json();
    const paid = await payAtCashier(t, order.codeUrl);
    expect(paid.statusCode).toBe(303);
    const now = await t.app.inject({ url: `/api/orders/${order.orderNo}`, headers: { cookie: m.cookie } });
    expect(now.json()).toMatchObject({ status: 'paid', codeUrl: null });
    expect(await feeRows(t, m.id)).toBe(1);
    expect((await report(t.app, m.cookie, lesson!.id, 0, 0)).statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/me/orders', headers: { cookie: m.cookie } });
    expect(list.json().items.map((o: { orderNo: string }) => o.orderNo)).toEqual([order.orderNo]);
    const again = await createOrder(t, m.cookie);
    expect(again.json().code).toBe('FEE_ALREADY_PAID');

    const pdf = await t.app.inject({
      url: `/api/orders/${order.orderNo}/receipt.pdf`,
      headers: { cookie: m.cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'cpe-receipt-'));
    writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('电子收据');
    expect(text).toContain(order.orderNo);
    expect(text).toContain('80.00元');
    const other = await makePayer(t);
    const foreign = await t.app.inject({
      url: `/api/orders/${order.orderNo}/receipt.pdf`,
      headers: { cookie: other.cookie },
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('retries with new digits when an order number is taken', async () => {
    const digits = ['777', '777', '778'];
    const local = await buildLearningAppWith(() => digits.shift() ?? '779');
    try {
      const a = await makePayer(local);
      const b = await makePayer(local);
      const first = (await createOrder(local, a.cookie)).json().orderNo as string;
      const second = (await createOrder(local, b.cookie)).json().orderNo as string;
      expect(first.endsWith('777')).toBe(true);
      expect(second.endsWith('778')).toBe(true);
    } finally {
      await local.close();
    }
  });
});

async function buildLearningAppWith(digits: () => string): Promise<TestApp> {
  const { buildTestApp } = await import('../../../test/app.ts');
  const { learningNow } = await import('../../../test/learning.ts');
  return buildTestApp({}, learningNow(), { payment: { digits } });
}

describe('reconciliation and expiry', () => {
  it('settles an order whose notification was dropped by querying the gateway', async () => {
    const m = await makePayer(t);
    const order = (await createOrder(t, m.cookie)).json();
    (await sandboxOf(t)).injectFault('drop');
    await payAtCashier(t, order.codeUrl);
    expect((await orderState(t, order.orderNo))?.status).toBe('pending');
    t.clock.advance(2 * 60_000);
    const result = await findJob('payment-reconcile')!.run(t.deps);
    expect(result.paid).toBeGreaterThanOrEqual(1);
    expect((await orderState(t, order.orderNo))?.status).toBe('paid');
    expect(await feeRows(t, m.id)).toBe(1);
    expect(await auditRows(t, 'payment.paid', `order:${order.orderNo}`)).toBe(1);
    // running it again changes nothing
    await findJob('payment-reconcile')!.run(t.deps);
    expect(await auditRows(t, 'payment.paid', `order:${order.orderNo}`)).toBe(1);
  });

  it('closes an unpaid order after it expires, at the gateway too; a new order can then be made', async () => {
    const m = await makePayer(t);
    const order = (await createOrder(t, m.cookie)).json();
    t.clock.advance((t.deps.config.PAY_ORDER_EXPIRE_MINUTES + 1) * 60_000);
    await findJob('payment-reconcile')!.run(t.deps);
    expect((await orderState(t, order.orderNo))?.status).toBe('closed');
    const cashier = await payAtCashier(t, order.codeUrl);
    expect(cashier.statusCode).toBe(303);
    expect((await orderState(t, order.orderNo))?.status).toBe('closed');
    expect(await feeRows(t, m.id)).toBe(0);
    // the member's session idled out meanwhile: sign in again
    const { cookie } = await login(t.app, m.username, 'non_practicing');
    const next = (await createOrder(t, cookie)).json();
    expect(next.orderNo).not.toBe(order.orderNo);
    expect(next.status).toBe('pending');
  });
});

describe('refunds', () => {
  it('refunds a paid order of a member who has not studied, with a reason, and locks learning again', async () => {
    const m = await makePayer(t);
    const admin = await makeStaff(t);
    const order = (await createOrder(t, m.cookie)).json();
    await payAtCashier(t, order.codeUrl);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/orders/${order.orderNo}/refund`,
      headers: { cookie: admin.cookie },
      payload: { reason: '会员申请退款' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(['refunding', 'refunded']).toContain(res.json().status);
    expect(await feeRows(t, m.id)).toBe(0);
    const [lesson] = await lessonsOf(t.deps.db, 1);
    expect((await report(t.app, m.cookie, lesson!.id, 0, 0)).statusCode).toBe(402);
    await new Promise((r) => setTimeout(r, 50));
    await (await sandboxOf(t)).flush();
    expect((await orderState(t, order.orderNo))?.status).toBe('refunded');
    expect(await auditRows(t, 'payment.refund', `order:${order.orderNo}`)).toBe(1);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/staff/orders/${order.orderNo}/refund`,
      headers: { cookie: admin.cookie },
      payload: { reason: '再次退款' },
    });
    expect(twice.json().code).toBe('ORDER_NOT_REFUNDABLE');
  });

  it('refuses a refund once the member has studied that year', async () => {
    const m = await makePayer(t);
    const admin = await makeStaff(t);
    const order = (await createOrder(t, m.cookie)).json();
    await payAtCashier(t, order.codeUrl);
    const [lesson] = await lessonsOf(t.deps.db, 1);
    expect((await report(t.app, m.cookie, lesson!.id, 0, 0)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/orders/${order.orderNo}/refund`,
      headers: { cookie: admin.cookie },
      payload: { reason: '会员申请退款' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('MEMBER_ALREADY_STUDIED');
    expect(await feeRows(t, m.id)).toBe(1);
  });
});

describe('staff orders', () => {
  it('lists orders with filters and totals per institute and day, and exports them', async () => {
    const m = await makePayer(t, 2);
    const admin = await makeStaff(t);
    const order = (await createOrder(t, m.cookie, { year: YEAR, instituteId: 2 })).json();
    await payAtCashier(t, order.codeUrl);
    const res = await t.app.inject({
      url: `/api/staff/orders?q=${m.username}&year=${YEAR}`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      orderNo: order.orderNo,
      status: 'paid',
      memberUsername: m.username,
    });
    expect(body.paidFen).toBe(8000);
    expect(body.totals).toEqual([
      expect.objectContaining({ instituteId: 2, day: `${YEAR}-06-15`, count: 1, amountFen: 8000 }),
    ]);
    const file = await t.app.inject({
      url: `/api/staff/orders/export?q=${m.username}`,
      headers: { cookie: admin.cookie },
    });
    expect(file.statusCode).toBe(200);
    const rows = await readXlsxRows(file.rawPayload, [
      { header: '订单号', key: 'orderNo' },
      { header: '状态', key: 'status' },
      { header: '金额（元）', key: 'amount' },
    ]);
    expect(rows.map((r) => r.values)).toEqual([
      { orderNo: order.orderNo, status: '已支付', amount: '80.00' },
    ]);
  });

  it('is for the national admin only', async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    expect(
      (await t.app.inject({ url: '/api/staff/orders', headers: { cookie: reviewer.cookie } })).statusCode,
    ).toBe(403);
  });
});
