import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { learningNow, YEAR } from '../../../test/learning.ts';
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
import { sandboxKeys } from '../../sandbox-pay/keys.ts';
import { NOTIFY_PATH } from './gateway.ts';
import { encryptResource, platformHeaders } from './wechat/protocol.ts';

let t: TestApp;
let crashes = 0;
beforeAll(async () => {
  // the crash case: the process "dies" right after the payment commits, before answering the gateway
  t = await buildTestApp({}, learningNow(), {
    payment: {
      afterPaymentCommit: () => {
        if (crashes > 0) {
          crashes--;
          throw new Error('process stopped after the payment commit');
        }
      },
    },
  });
});
afterAll(() => t.close());

const notifications = (orderNo: string, result: string) =>
  count(
    t,
    sql`SELECT count(*) AS n FROM payment_notifications WHERE order_no = ${orderNo} AND result = ${result}`,
  );

/** A notification as the gateway would send it, with what a test wants changed. */
async function notification(
  orderNo: string,
  change: { total?: number; mchid?: string; signWith?: 'other-key'; ageSeconds?: number } = {},
) {
  const keys = await sandboxKeys();
  const plain = {
    appid: keys.appid,
    mchid: change.mchid ?? keys.mchid,
    out_trade_no: orderNo,
    transaction_id: '4200000000000000001',
    trade_state: 'SUCCESS',
    success_time: '2024-06-15T10:00:00+08:00',
    amount: { total: change.total ?? 8000, payer_total: change.total ?? 8000, currency: 'CNY' },
  };
  const body = JSON.stringify({
    id: `n-${Math.random()}`,
    create_time: '2024-06-15T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(JSON.stringify(plain), keys.apiV3Key, 'transaction', 'transaction'),
  });
  const timestamp = String(Math.floor(t.clock.now().getTime() / 1000) - (change.ageSeconds ?? 0));
  const signer =
    change.signWith === 'other-key'
      ? {
          serialNo: keys.platform.serialNo,
          privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        }
      : keys.platform;
  const headers = { 'content-type': 'application/json', ...platformHeaders(signer, body, timestamp) };
  return t.app.inject({ method: 'POST', url: NOTIFY_PATH, headers, payload: body });
}

async function pendingOrder() {
  const m = await makePayer(t);
  const order = (await createOrder(t, m.cookie)).json();
  return { m, order };
}

describe('payment notifications (PAY-2)', () => {
  it('ten concurrent copies of one notification give one payment and one unlock', async () => {
    const { m, order } = await pendingOrder();
    (await sandboxOf(t)).injectFault('duplicate');
    await payAtCashier(t, order.codeUrl);
    expect((await orderState(t, order.orderNo))?.status).toBe('paid');
    expect(await feeRows(t, m.id)).toBe(1);
    expect(await auditRows(t, 'payment.paid', `order:${order.orderNo}`)).toBe(1);
    expect(await notifications(order.orderNo, 'applied')).toBe(1);
    expect(await notifications(order.orderNo, 'duplicate')).toBe(9);
  });

  it('ten concurrent copies sent to the route directly give one payment', async () => {
    const { m, order } = await pendingOrder();
    const answers = await Promise.all(Array.from({ length: 10 }, () => notification(order.orderNo)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(204));
    expect(await feeRows(t, m.id)).toBe(1);
    expect(await auditRows(t, 'payment.paid', `order:${order.orderNo}`)).toBe(1);
  });

  it('refuses a bad signature: nothing changes, an audit row is left', async () => {
    const { m, order } = await pendingOrder();
    const res = await notification(order.orderNo, { signWith: 'other-key' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'FAIL' });
    expect((await orderState(t, order.orderNo))?.status).toBe('pending');
    expect(await feeRows(t, m.id)).toBe(0);
    expect(
      await count(
        t,
        sql`SELECT count(*) AS n FROM audit_log WHERE action = 'payment.notify' AND detail->>'reason' = 'bad_signature'`,
      ),
    ).toBeGreaterThan(0);
  });

  it('refuses a wrong amount, naming the order in the audit', async () => {
    const { m, order } = await pendingOrder();
    const res = await notification(order.orderNo, { total: 1 });
    expect(res.statusCode).toBe(400);
    expect((await orderState(t, order.orderNo))?.status).toBe('pending');
    expect(await feeRows(t, m.id)).toBe(0);
    expect(await notifications(order.orderNo, 'refused')).toBe(1);
    expect(await auditRows(t, 'payment.notify', `order:${order.orderNo}`)).toBe(1);
  });

  it('refuses another merchant’s notification', async () => {
    const { m, order } = await pendingOrder();
    const res = await notification(order.orderNo, { mchid: '1234567890' });
    expect(res.statusCode).toBe(400);
    expect(await feeRows(t, m.id)).toBe(0);
  });

  it('refuses an unknown order and an old timestamp', async () => {
    const unknownNo = `${YEAR}0615100000999`;
    const unknown = await notification(unknownNo);
    expect(unknown.statusCode).toBe(400);
    expect(await notifications(unknownNo, 'refused')).toBe(1);
    expect(await count(t, sql`SELECT count(*) AS n FROM payment_orders WHERE order_no = ${unknownNo}`)).toBe(
      0,
    );
    const { m, order } = await pendingOrder();
    const stale = await notification(order.orderNo, { ageSeconds: 600 });
    expect(stale.statusCode).toBe(401);
    expect((await orderState(t, order.orderNo))?.status).toBe('pending');
    expect(await feeRows(t, m.id)).toBe(0);
  });

  it('a delayed or reordered notification still settles each order once', async () => {
    const a = await pendingOrder();
    const b = await pendingOrder();
    const sandbox = await sandboxOf(t);
    sandbox.injectFault('reorder');
    await payAtCashier(t, a.order.codeUrl);
    expect((await orderState(t, a.order.orderNo))?.status).toBe('pending');
    await payAtCashier(t, b.order.codeUrl);
    expect((await orderState(t, a.order.orderNo))?.status).toBe('paid');
    expect((await orderState(t, b.order.orderNo))?.status).toBe('paid');
    const c = await pendingOrder();
    sandbox.injectFault('delay', 1, 3600);
    await payAtCashier(t, c.order.codeUrl);
    expect((await orderState(t, c.order.orderNo))?.status).toBe('pending');
    await sandbox.flush();
    expect((await orderState(t, c.order.orderNo))?.status).toBe('paid');
    expect(await feeRows(t, c.m.id)).toBe(1);
  });

  it('a crash right after the payment commit, then the gateway’s retry, gives no second effect', async () => {
    const { m, order } = await pendingOrder();
    crashes = 1;
    await payAtCashier(t, order.codeUrl);
    // committed, but the gateway got no success answer: it keeps the notification for a retry
    expect((await orderState(t, order.orderNo))?.status).toBe('paid');
    const sandbox = await sandboxOf(t);
    expect(sandbox.pending().length).toBeGreaterThan(0);
    await sandbox.flush();
    expect(sandbox.pending()).toHaveLength(0);
    expect(await feeRows(t, m.id)).toBe(1);
    expect(await auditRows(t, 'payment.paid', `order:${order.orderNo}`)).toBe(1);
    expect(await notifications(order.orderNo, 'duplicate')).toBe(1);
  });
});
