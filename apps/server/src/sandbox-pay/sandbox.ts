import { randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from '../modules/payment/wechat/client.ts';
import {
  encryptResource,
  parseAuthorization,
  platformHeaders,
  requestMessage,
  rsaVerify,
} from '../modules/payment/wechat/protocol.ts';
import type { SandboxKeys } from './keys.ts';

/**
 * The sandbox gateway: a stand-in for WeChat Pay that speaks API v3 exactly (signed requests checked,
 * answers and notifications signed with its own platform key, resources encrypted with the API v3 key),
 * keeps its orders in memory, and lets a demo user pay or cancel at its cashier page. Notifications
 * follow the gateway's retry schedule and can be dropped, duplicated, delayed or reordered on request.
 */

/** The gateway's notification retry schedule, in seconds after the previous attempt. */
export const RETRY_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export type Fault = 'drop' | 'duplicate' | 'delay' | 'reorder';
export const FAULTS: readonly Fault[] = ['drop', 'duplicate', 'delay', 'reorder'];

/** Sends one notification to the merchant and returns the HTTP status it answered. */
export type Deliver = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

interface SandboxOrder {
  prepayId: string;
  appid: string;
  mchid: string;
  description: string;
  outTradeNo: string;
  total: number;
  notifyUrl: string;
  state: Transaction['trade_state'];
  transactionId?: string;
  successTime?: string;
  expiresAt?: string;
  cancelled: boolean;
}

interface SandboxRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  amount: number;
  total: number;
  notifyUrl: string;
  status: 'PROCESSING' | 'SUCCESS';
}

interface Delivery {
  id: string;
  url: string;
  body: string;
  attempts: number;
  dueAt: number;
  timer?: NodeJS.Timeout;
}

export interface Answer {
  status: number;
  body: string;
}

const json = (status: number, value: unknown): Answer => ({ status, body: JSON.stringify(value) });
const fail = (status: number, code: string, message: string) => json(status, { code, message });

export type SandboxGateway = ReturnType<typeof sandboxGateway>;

export function sandboxGateway(opts: {
  keys: SandboxKeys;
  deliver: Deliver;
  now: () => Date;
  /** where the cashier page is served ('/sandbox-pay/cashier') */
  cashierPath: string;
  log?: (message: string) => void;
}) {
  const { keys } = opts;
  const orders = new Map<string, SandboxOrder>();
  const byPrepay = new Map<string, SandboxOrder>();
  const refunds = new Map<string, SandboxRefund>();
  const faults: Fault[] = [];
  const deliveries = new Map<string, Delivery>();
  let held: Delivery | null = null;
  let delaySeconds = 60;

  const transactionOf = (o: SandboxOrder): Transaction => ({
    appid: o.appid,
    mchid: o.mchid,
    out_trade_no: o.outTradeNo,
    trade_state: o.state,
    ...(o.transactionId ? { transaction_id: o.transactionId, success_time: o.successTime } : {}),
    amount: { total: o.total, currency: 'CNY', ...(o.transactionId ? { payer_total: o.total } : {}) },
  });

  function notificationBody(eventType: string, summary: string, originalType: string, plain: object): string {
    return JSON.stringify({
      id: randomUUID(),
      create_time: rfc3339(opts.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: encryptResource(JSON.stringify(plain), keys.apiV3Key, originalType, originalType),
    });
  }

  async function attempt(d: Delivery): Promise<void> {
    d.timer = undefined;
    d.attempts += 1;
    const headers = {
      'content-type': 'application/json',
      ...platformHeaders(keys.platform, d.body, String(Math.floor(opts.now().getTime() / 1000))),
    };
    let status = 0;
    try {
      status = await opts.deliver(d.url, headers, d.body);
    } catch (e) {
      opts.log?.(`sandbox notification ${d.id} not delivered: ${(e as Error).message}`);
    }
    if (status >= 200 && status < 300) {
      deliveries.delete(d.id);
      return;
    }
    const next = RETRY_SECONDS[d.attempts - 1];
    if (next === undefined) {
      deliveries.delete(d.id);
      return;
    }
    schedule(d, next);
  }

  function schedule(d: Delivery, seconds: number) {
    d.dueAt = Date.now() + seconds * 1000;
    d.timer = setTimeout(() => void attempt(d), seconds * 1000);
    d.timer.unref();
  }

  /** Queues a notification and applies the next requested fault to it. */
  async function notify(url: string, body: string): Promise<void> {
    const fault = faults.shift();
    const d: Delivery = { id: randomUUID(), url, body, attempts: 0, dueAt: Date.now() };
    if (fault === 'drop') return;
    deliveries.set(d.id, d);
    if (fault === 'delay') return schedule(d, delaySeconds);
    if (fault === 'reorder') {
      held = d;
      return;
    }
    const previous = held;
    held = null;
    if (fault === 'duplicate') {
      // ten copies at once, as a gateway retrying over a slow network may send them
      await Promise.all(Array.from({ length: 10 }, () => attempt({ ...d, attempts: 0 })));
      deliveries.delete(d.id);
    } else {
      await attempt(d);
    }
    if (previous) await attempt(previous);
  }

  function verifyMerchant(
    method: string,
    path: string,
    headers: Record<string, unknown>,
    body: string,
  ): Answer | null {
    const auth = parseAuthorization(
      typeof headers.authorization === 'string' ? headers.authorization : undefined,
    );
    if (!auth?.signature || !auth.timestamp || !auth.nonce_str)
      return fail(401, 'SIGN_ERROR', '签名错误：缺少签名');
    if (auth.mchid !== keys.mchid) return fail(401, 'SIGN_ERROR', '商户号不符');
    if (auth.serial_no !== keys.merchant.serialNo) return fail(401, 'SIGN_ERROR', '商户证书序列号不符');
    if (Math.abs(opts.now().getTime() / 1000 - Number(auth.timestamp)) > 300) {
      return fail(401, 'SIGN_ERROR', '签名时间戳过期');
    }
    const ok = rsaVerify(
      requestMessage(method, path, auth.timestamp, auth.nonce_str, body),
      auth.signature,
      keys.merchant.publicKey,
    );
    return ok ? null : fail(401, 'SIGN_ERROR', '签名错误');
  }

  function createNative(body: string): Answer {
    let r: {
      appid?: string;
      mchid?: string;
      description?: string;
      out_trade_no?: string;
      notify_url?: string;
      time_expire?: string;
      amount?: { total?: number };
    };
    try {
      r = JSON.parse(body);
    } catch {
      return fail(400, 'PARAM_ERROR', '请求体不是 JSON');
    }
    if (r.appid !== keys.appid || r.mchid !== keys.mchid)
      return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid 与 mchid 不匹配');
    const total = r.amount?.total;
    if (
      !r.out_trade_no ||
      !r.notify_url ||
      !r.description ||
      !Number.isInteger(total) ||
      (total as number) <= 0
    ) {
      return fail(400, 'PARAM_ERROR', '参数错误');
    }
    const existing = orders.get(r.out_trade_no);
    if (existing) {
      if (existing.total !== total) return fail(400, 'INVALID_REQUEST', '商户订单号重复，参数不一致');
      return json(200, { code_url: `${opts.cashierPath}/${existing.prepayId}` });
    }
    const order: SandboxOrder = {
      prepayId: `wx${randomBytes(12).toString('hex')}`,
      appid: r.appid,
      mchid: r.mchid,
      description: r.description,
      outTradeNo: r.out_trade_no,
      total: total as number,
      notifyUrl: r.notify_url,
      state: 'NOTPAY',
      expiresAt: r.time_expire,
      cancelled: false,
    };
    orders.set(order.outTradeNo, order);
    byPrepay.set(order.prepayId, order);
    return json(200, { code_url: `${opts.cashierPath}/${order.prepayId}` });
  }

  function refund(body: string): Answer {
    let r: {
      out_trade_no?: string;
      out_refund_no?: string;
      notify_url?: string;
      amount?: { refund?: number; total?: number };
    };
    try {
      r = JSON.parse(body);
    } catch {
      return fail(400, 'PARAM_ERROR', '请求体不是 JSON');
    }
    const order = r.out_trade_no ? orders.get(r.out_trade_no) : undefined;
    if (!order || !r.out_refund_no) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = refunds.get(r.out_refund_no);
    if (existing) return json(200, refundView(existing));
    if (order.state !== 'SUCCESS') return fail(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (r.amount?.refund !== order.total || r.amount?.total !== order.total) {
      return fail(400, 'PARAM_ERROR', '退款金额与订单金额不符');
    }
    const rf: SandboxRefund = {
      outRefundNo: r.out_refund_no,
      refundId: `5030${randomBytes(10).toString('hex')}`,
      outTradeNo: order.outTradeNo,
      amount: order.total,
      total: order.total,
      notifyUrl: r.notify_url ?? order.notifyUrl,
      status: 'PROCESSING',
    };
    refunds.set(rf.outRefundNo, rf);
    // the refund completes a moment later and is notified like a payment
    setImmediate(() => void completeRefund(rf));
    return json(200, refundView(rf));
  }

  async function completeRefund(rf: SandboxRefund) {
    if (rf.status === 'SUCCESS') return;
    rf.status = 'SUCCESS';
    const order = orders.get(rf.outTradeNo);
    if (order) order.state = 'REFUND';
    await notify(
      rf.notifyUrl,
      notificationBody('REFUND.SUCCESS', '退款成功', 'refund', {
        mchid: keys.mchid,
        out_trade_no: rf.outTradeNo,
        transaction_id: order?.transactionId,
        out_refund_no: rf.outRefundNo,
        refund_id: rf.refundId,
        refund_status: 'SUCCESS',
        success_time: rfc3339(opts.now()),
        amount: { total: rf.total, refund: rf.amount, payer_total: rf.total, payer_refund: rf.amount },
      }),
    );
  }

  const refundView = (rf: SandboxRefund) => ({
    refund_id: rf.refundId,
    out_refund_no: rf.outRefundNo,
    out_trade_no: rf.outTradeNo,
    status: rf.status,
    amount: { refund: rf.amount, total: rf.total, currency: 'CNY' },
  });

  return {
    keys,

    /** One API request (path relative to the gateway's root, e.g. /v3/pay/transactions/native). */
    handle(method: string, pathWithQuery: string, headers: Record<string, unknown>, body: string): Answer {
      const problem = verifyMerchant(method, pathWithQuery, headers, body);
      if (problem) return problem;
      const path = pathWithQuery.split('?')[0]!;
      if (method === 'POST' && path === '/v3/pay/transactions/native') return createNative(body);
      if (method === 'POST' && path === '/v3/refund/domestic/refunds') return refund(body);
      const refundMatch = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
      if (method === 'GET' && refundMatch) {
        const rf = refunds.get(decodeURIComponent(refundMatch[1]!));
        return rf ? json(200, refundView(rf)) : fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      }
      const m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path);
      const order = m ? orders.get(decodeURIComponent(m[1]!)) : undefined;
      if (m && method === 'GET' && !m[2]) {
        return order ? json(200, transactionOf(order)) : fail(404, 'ORDER_NOT_EXIST', '订单不存在');
      }
      if (m && method === 'POST' && m[2]) {
        if (!order) return fail(404, 'ORDER_NOT_EXIST', '订单不存在');
        if (order.state === 'SUCCESS' || order.state === 'REFUND')
          return fail(400, 'ORDERPAID', '订单已支付');
        order.state = 'CLOSED';
        return { status: 204, body: '' };
      }
      return fail(404, 'NOT_FOUND', '接口不存在');
    },

    /** Signs an answer with the platform key (every answer of the gateway is signed). */
    sign: (body: string) =>
      platformHeaders(keys.platform, body, String(Math.floor(opts.now().getTime() / 1000))),

    cashierOrder: (prepayId: string) => byPrepay.get(prepayId),

    /** The payer confirms at the cashier: the order is paid and the merchant is notified. */
    async pay(prepayId: string): Promise<'paid' | 'already' | 'closed' | 'unknown'> {
      const order = byPrepay.get(prepayId);
      if (!order) return 'unknown';
      if (order.state === 'SUCCESS' || order.state === 'REFUND') return 'already';
      if (order.state !== 'NOTPAY') return 'closed';
      order.state = 'SUCCESS';
      order.transactionId = `4200${Date.now()}${randomBytes(4).toString('hex')}`;
      order.successTime = rfc3339(opts.now());
      order.cancelled = false;
      await notify(
        order.notifyUrl,
        notificationBody('TRANSACTION.SUCCESS', '支付成功', 'transaction', transactionOf(order)),
      );
      return 'paid';
    },

    /** The payer cancels at the cashier: nothing is paid, the order stays open until it expires. */
    cancel(prepayId: string): boolean {
      const order = byPrepay.get(prepayId);
      if (order?.state !== 'NOTPAY') return false;
      order.cancelled = true;
      return true;
    },

    /** Applies `fault` to the next notification(s): one entry per notification. */
    injectFault(fault: Fault, count = 1, delay?: number) {
      for (let i = 0; i < count; i++) faults.push(fault);
      if (delay !== undefined) delaySeconds = delay;
    },

    /** Notifications waiting for a retry or a delay (held ones included). */
    pending: () =>
      [...deliveries.values()].map((d) => ({ id: d.id, attempts: d.attempts, dueAt: new Date(d.dueAt) })),

    /** Sends every waiting notification now instead of at its scheduled time (tests, the demo controls). */
    async flush(): Promise<void> {
      const all = [...deliveries.values()];
      if (held && !all.includes(held)) all.push(held);
      held = null;
      for (const d of all) {
        if (d.timer) clearTimeout(d.timer);
        await attempt(d);
      }
    },

    /** Stops every timer (server shutdown). */
    stop() {
      for (const d of deliveries.values()) if (d.timer) clearTimeout(d.timer);
      deliveries.clear();
    },
  };
}

function rfc3339(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
