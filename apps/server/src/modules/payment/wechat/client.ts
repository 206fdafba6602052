import type { KeyObject } from 'node:crypto';
import { authorization, verifyPlatform } from './protocol.ts';

/** One HTTP exchange with the gateway. The real one is fetch; the in-process sandbox is reached by inject. */
export type Transport = (request: {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;

export const fetchTransport: Transport = async ({ method, url, headers, body }) => {
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
};

export interface MerchantCredentials {
  baseUrl: string;
  mchid: string;
  appid: string;
  serialNo: string;
  privateKey: KeyObject;
  apiV3Key: string;
  platform: { serialNo: string; publicKey: KeyObject };
  notifyUrl: string;
  refundNotifyUrl: string;
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** The transaction as the gateway states it (query answers and decrypted TRANSACTION.SUCCESS resources). */
export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: TradeState;
  success_time?: string;
  amount: { total: number; payer_total?: number; currency: string };
}

export interface RefundResult {
  out_refund_no: string;
  refund_id?: string;
  out_trade_no: string;
  status: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  refund_status?: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  amount: { refund: number; total: number };
}

export class GatewayError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The client of WeChat Pay API v3 (merchant side): every request signed, every answer verified. */
export function wechatPayClient(creds: MerchantCredentials, transport: Transport, now: () => Date) {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    payload?: object,
  ): Promise<{ status: number; data: T }> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const res = await transport({
      method,
      url: creds.baseUrl + path,
      headers: {
        accept: 'application/json',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: authorization(creds, method, path, body, timestamp),
      },
      body: payload === undefined ? undefined : body,
    });
    // Answers are signed by the platform like notifications; an unsigned or forged one is not trusted.
    const problem = verifyPlatform(res.headers, res.body, creds.platform, now());
    if (problem) throw new GatewayError(`gateway answer not verified: ${problem}`, res.status);
    if (res.status >= 300) {
      let message = res.body.slice(0, 200);
      try {
        const parsed = JSON.parse(res.body) as { code?: string; message?: string };
        message = `${parsed.code ?? ''} ${parsed.message ?? ''}`.trim();
      } catch {}
      throw new GatewayError(`gateway ${method} ${path}: ${res.status} ${message}`, res.status);
    }
    return { status: res.status, data: (res.body ? JSON.parse(res.body) : {}) as T };
  }

  const orderPath = (orderNo: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(orderNo)}`;

  return {
    credentials: creds,

    /** Native (QR) order: the answer's code_url is what the payer scans. */
    async createNative(order: { orderNo: string; description: string; amountFen: number; expiresAt: Date }) {
      const { data } = await call<{ code_url: string }>('POST', '/v3/pay/transactions/native', {
        appid: creds.appid,
        mchid: creds.mchid,
        description: order.description,
        out_trade_no: order.orderNo,
        time_expire: rfc3339Shanghai(order.expiresAt),
        notify_url: creds.notifyUrl,
        amount: { total: order.amountFen, currency: 'CNY' },
      });
      return data.code_url;
    },

    async query(orderNo: string): Promise<Transaction | null> {
      try {
        return (
          await call<Transaction>('GET', `${orderPath(orderNo)}?mchid=${encodeURIComponent(creds.mchid)}`)
        ).data;
      } catch (e) {
        if (e instanceof GatewayError && e.status === 404) return null;
        throw e;
      }
    },

    async close(orderNo: string): Promise<void> {
      await call('POST', `${orderPath(orderNo)}/close`, { mchid: creds.mchid });
    },

    async refund(r: { orderNo: string; refundNo: string; reason: string; amountFen: number }) {
      const { data } = await call<RefundResult>('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: r.orderNo,
        out_refund_no: r.refundNo,
        reason: r.reason.slice(0, 80),
        notify_url: creds.refundNotifyUrl,
        amount: { refund: r.amountFen, total: r.amountFen, currency: 'CNY' },
      });
      return data;
    },
  };
}

export type WechatPayClient = ReturnType<typeof wechatPayClient>;

/** 2024-03-15T10:00:00+08:00: the gateway's time format. */
export function rfc3339Shanghai(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${s}+08:00`;
}
