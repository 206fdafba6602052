import { createHash, randomInt } from 'node:crypto';
import type { CreateOrderRequest, Order, StaffOrder } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal, StaffPrincipal } from '../auth/principal.ts';
import { chosenInstituteId, isFeePaid } from '../fee/fee.repository.ts';
import type { FeeService } from '../fee/fee.service.ts';
import type { PaymentGateway } from './gateway.ts';
import {
  deleteFeePayment,
  findOpenOrder,
  findOrder,
  findOrderByKey,
  hasStudied,
  insertFeePayment,
  insertOrder,
  lockMember,
  lockOrder,
  type OrderRow,
  ordersToReconcile,
  orderWithNames,
  recordNotification,
  setCodeUrl,
  updateOrder,
} from './payment.repository.ts';
import { GatewayError, type Transaction, type WechatPayClient } from './wechat/client.ts';
import { decryptResource, type EncryptedResource, verifyPlatform } from './wechat/protocol.ts';

export type PaymentService = ReturnType<typeof paymentService>;

/** yyyyMMddHHmmss in Asia/Shanghai and three digits, as the guide's order numbers read. */
export function orderNumber(now: Date, digits: string): string {
  const s = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}${digits}`;
}

const randomDigits = () => String(randomInt(1000)).padStart(3, '0');

export type SettleResult = 'applied' | 'duplicate' | { refused: string };

/** What the notify route answers: the gateway's format (2xx without body, or FAIL with a message). */
export interface NotifyAnswer {
  status: number;
  body?: { code: 'FAIL'; message: string };
}

export interface PaymentOptions {
  /** the three digits after the timestamp (tests force collisions) */
  digits?: () => string;
  /** called right after a payment commits (the crash test stops the process here) */
  afterPaymentCommit?: (orderNo: string) => void | Promise<void>;
}

export function paymentService(
  deps: Deps,
  fees: FeeService,
  gateway: PaymentGateway,
  options: PaymentOptions = {},
) {
  const { db, clock, config } = deps;
  const digits = options.digits ?? randomDigits;

  async function client(): Promise<WechatPayClient> {
    if (gateway.mode === 'disabled') {
      throw new AppError('PAYMENT_DISABLED', `在线交费暂未开通：${gateway.reason}。请联系管理员。`);
    }
    return gateway.client();
  }

  const gatewayFailed = (e: unknown): never => {
    deps.log?.warn({ err: e }, 'payment gateway call failed');
    throw new AppError('PAYMENT_GATEWAY_ERROR', '支付渠道暂时无法访问，请稍后再试');
  };

  async function view(orderNo: string): Promise<Order> {
    const row = await orderWithNames(db, orderNo);
    if (!row) throw new AppError('NOT_FOUND', '订单不存在');
    return toOrder(row.order, row.instituteName);
  }

  /** Asks the gateway for the Native code of an order that has none yet (idempotent at the gateway). */
  async function ensureCode(order: OrderRow): Promise<void> {
    if (order.codeUrl || order.status !== 'pending') return;
    const c = await client();
    const codeUrl = await c
      .createNative({
        orderNo: order.orderNo,
        description: `${order.year}年度注册会计师继续教育费用`,
        amountFen: order.amountFen,
        expiresAt: order.expiresAt,
      })
      .catch(gatewayFailed);
    await setCodeUrl(db, order.id, codeUrl);
  }

  /**
   * Applies a transaction the gateway reports as paid, exactly once: the order row is locked, a paid
   * order stays paid, the amount, merchant and app must match, and the fee row unlocks learning.
   */
  async function settle(t: Transaction, source: 'notification' | 'query'): Promise<SettleResult> {
    const c = await client();
    if (t.mchid !== c.credentials.mchid || t.appid !== c.credentials.appid)
      return { refused: 'merchant_mismatch' };
    if (t.trade_state !== 'SUCCESS') return { refused: `trade_state_${t.trade_state}` };
    const result = await db.transaction(async (tx): Promise<SettleResult> => {
      const order = await lockOrder(tx, t.out_trade_no);
      if (!order) return { refused: 'unknown_order' };
      if (t.amount?.total !== order.amountFen) return { refused: 'amount_mismatch' };
      if (order.status === 'paid' || order.status === 'refunding' || order.status === 'refunded')
        return 'duplicate';
      const paidAt =
        t.success_time && !Number.isNaN(Date.parse(t.success_time)) ? new Date(t.success_time) : clock.now();
      await updateOrder(tx, order.id, { status: 'paid', transactionId: t.transaction_id ?? null, paidAt });
      const unlocked = await insertFeePayment(tx, {
        memberId: order.memberId,
        year: order.year,
        amountFen: order.amountFen,
        paidAt,
      });
      await recordAudit(tx, {
        at: clock.now(),
        actorType: 'system',
        action: 'payment.paid',
        target: `order:${order.orderNo}`,
        result: 'success',
        detail: {
          memberId: order.memberId,
          year: order.year,
          amountFen: order.amountFen,
          transactionId: t.transaction_id ?? null,
          source,
          // a second payment of an already paid year (e.g. a late payment of a closed order): refund it
          ...(unlocked ? {} : { alreadyPaidYear: true }),
          ...(order.status === 'closed' ? { paidAfterClose: true } : {}),
        },
      });
      return 'applied';
    });
    if (result === 'applied') await options.afterPaymentCommit?.(t.out_trade_no);
    return result;
  }

  async function refundSettled(r: {
    out_trade_no?: string;
    out_refund_no?: string;
    refund_status?: string;
    mchid?: string;
  }) {
    const c = await client();
    if (r.mchid !== undefined && r.mchid !== c.credentials.mchid)
      return { refused: 'merchant_mismatch' } as const;
    if (!r.out_trade_no || r.refund_status !== 'SUCCESS') return { refused: 'refund_not_success' } as const;
    return db.transaction(async (tx): Promise<SettleResult> => {
      const order = await lockOrder(tx, r.out_trade_no!);
      if (!order || order.refundNo !== r.out_refund_no) return { refused: 'unknown_refund' };
      if (order.status === 'refunded') return 'duplicate';
      if (order.status !== 'refunding') return { refused: `order_${order.status}` };
      await updateOrder(tx, order.id, { status: 'refunded', refundedAt: clock.now() });
      await recordAudit(tx, {
        at: clock.now(),
        actorType: 'system',
        action: 'payment.refunded',
        target: `order:${order.orderNo}`,
        result: 'success',
        detail: { memberId: order.memberId, year: order.year, amountFen: order.amountFen },
      });
      return 'applied';
    });
  }

  /** Closes a pending order at the gateway, then here; a paid one is settled instead (never reopened). */
  async function expire(order: OrderRow): Promise<'closed' | 'paid' | 'open'> {
    const c = await client();
    const t = await c.query(order.orderNo);
    if (t?.trade_state === 'SUCCESS') {
      await settle(t, 'query');
      return 'paid';
    }
    if (t && (t.trade_state === 'NOTPAY' || t.trade_state === 'USERPAYING')) {
      if (order.expiresAt > clock.now()) return 'open';
      try {
        await c.close(order.orderNo);
      } catch (e) {
        // paid in the meantime (ORDERPAID): the next query settles it
        if (e instanceof GatewayError && e.status === 400) return 'open';
        throw e;
      }
    } else if (!t && order.expiresAt > clock.now()) {
      return 'open';
    }
    return db.transaction(async (tx) => {
      const locked = await lockOrder(tx, order.orderNo);
      if (locked?.status !== 'pending') return locked?.status === 'paid' ? 'paid' : 'closed';
      await updateOrder(tx, locked.id, { status: 'closed', closedAt: clock.now(), codeUrl: null });
      await recordAudit(tx, {
        at: clock.now(),
        actorType: 'system',
        action: 'payment.closed',
        target: `order:${order.orderNo}`,
        result: 'success',
        detail: {
          memberId: order.memberId,
          year: order.year,
          tradeState: t?.trade_state ?? 'ORDER_NOT_EXIST',
        },
      });
      return 'closed';
    });
  }

  /** Asks the gateway to refund (idempotent by the refund number); a synchronous success settles at once. */
  async function sendRefund(order: OrderRow): Promise<void> {
    const c = await client();
    const r = await c.refund({
      orderNo: order.orderNo,
      refundNo: order.refundNo!,
      reason: order.refundReason ?? '退款',
      amountFen: order.amountFen,
    });
    const status = r.status ?? r.refund_status;
    if (status === 'SUCCESS') {
      await refundSettled({
        out_trade_no: order.orderNo,
        out_refund_no: order.refundNo!,
        refund_status: 'SUCCESS',
      });
    }
  }

  async function refused(
    reason: string,
    facts: { notificationId?: string; eventType?: string; orderNo?: string },
  ) {
    await db.transaction(async (tx) => {
      await recordNotification(tx, {
        receivedAt: clock.now(),
        notificationId: facts.notificationId ?? null,
        eventType: facts.eventType ?? null,
        orderNo: facts.orderNo ?? null,
        result: 'refused',
        reason,
      });
      await recordAudit(tx, {
        at: clock.now(),
        actorType: 'anonymous',
        action: 'payment.notify',
        target: facts.orderNo ? `order:${facts.orderNo}` : null,
        result: 'denied',
        detail: { reason, eventType: facts.eventType ?? null, notificationId: facts.notificationId ?? null },
      });
    });
  }

  return {
    gatewayMode: gateway.mode,
    settle,
    expire,

    /**
     * POST /api/orders: idempotent by the Idempotency-Key (per member, against the validated body) and by
     * the one open order per member-year; the amount comes from the fee schedule, never from the client.
     */
    async createOrder(
      member: MemberPrincipal,
      body: CreateOrderRequest,
      idempotencyKey?: string,
    ): Promise<Order> {
      await client();
      const requestHash = createHash('sha256')
        .update(JSON.stringify([body.year, body.instituteId]))
        .digest('hex');
      const fee = await fees.rule(body.year, member.memberType, member.provinceCode);
      if (!fee.required) throw new AppError('FEE_NOT_REQUIRED', `${body.year}年度无须交纳继续教育费用`);

      // an expired open order is closed (at the gateway first) before a new one is made
      const open = await findOpenOrder(db, member.id, body.year);
      if (open && open.expiresAt <= clock.now()) await expire(open).catch(gatewayFailed);

      // The choice of a year never changes, so it and the amount are read before the transaction.
      const chosen = await chosenInstituteId(db, member.id, body.year);
      const sameKey = idempotencyKey ? await findOrderByKey(db, member.id, idempotencyKey) : undefined;
      if (!sameKey) {
        if (chosen === null) throw new AppError('INSTITUTE_NOT_CHOSEN', `请先选择${body.year}年度的会计学院`);
        if (chosen !== body.instituteId) throw new AppError('CONFLICT', '只能为本年度所选的会计学院交费');
      }
      const { amountFen } = await fees.feeFor(member, body.year, chosen);

      const order = await db.transaction(async (tx) => {
        await lockMember(tx, member.id);
        if (idempotencyKey) {
          const same = await findOrderByKey(tx, member.id, idempotencyKey);
          if (same) {
            if (same.requestHash !== requestHash) {
              throw new AppError(
                'IDEMPOTENCY_KEY_REUSED',
                '同一请求标识已用于不同的交费请求，请刷新页面后重试',
              );
            }
            return same;
          }
        }
        if (await isFeePaid(tx, member.id, body.year)) {
          throw new AppError('FEE_ALREADY_PAID', `${body.year}年度继续教育费用已交纳`);
        }
        const current = await findOpenOrder(tx, member.id, body.year);
        if (current) return current;
        if (chosen === null || chosen !== body.instituteId)
          throw new AppError('CONFLICT', '只能为本年度所选的会计学院交费');
        const now = clock.now();
        for (let i = 0; i < 10; i++) {
          const inserted = await insertOrder(tx, {
            orderNo: orderNumber(now, digits()),
            memberId: member.id,
            year: body.year,
            instituteId: chosen,
            amountFen,
            status: 'pending',
            idempotencyKey: idempotencyKey ?? null,
            requestHash,
            createdAt: now,
            expiresAt: new Date(now.getTime() + config.PAY_ORDER_EXPIRE_MINUTES * 60_000),
          });
          if (inserted) return inserted;
        }
        throw new AppError('CONFLICT', '订单号生成繁忙，请稍后重试');
      });
      await ensureCode(order);
      return view(order.orderNo);
    },

    /** One order of the member (the fee page polls it); a pending one is checked at the gateway when old. */
    async memberOrder(member: MemberPrincipal, orderNo: string): Promise<Order> {
      const order = await findOrder(db, orderNo);
      if (!order || order.memberId !== member.id) throw new AppError('NOT_FOUND', '订单不存在');
      if (order.status === 'pending' && order.expiresAt <= clock.now())
        await expire(order).catch(gatewayFailed);
      return view(orderNo);
    },

    async memberOrderRow(member: MemberPrincipal, orderNo: string) {
      const row = await orderWithNames(db, orderNo);
      if (!row || row.order.memberId !== member.id) throw new AppError('NOT_FOUND', '订单不存在');
      return row;
    },

    /** The gateway's notification: verified on the raw body, decrypted, checked, applied once. */
    async notify(
      headers: Record<string, string | string[] | undefined>,
      rawBody: string,
    ): Promise<NotifyAnswer> {
      const c = await client().catch(() => null);
      if (!c) return { status: 503, body: { code: 'FAIL', message: '支付未开通' } };
      const problem = verifyPlatform(headers, rawBody, c.credentials.platform, clock.now());
      if (problem) {
        await refused(problem, {});
        return { status: 401, body: { code: 'FAIL', message: '签名验证失败' } };
      }
      let event: { id?: string; event_type?: string; resource?: EncryptedResource };
      let plain: Record<string, unknown>;
      try {
        event = JSON.parse(rawBody);
        plain = JSON.parse(decryptResource(event.resource!, c.credentials.apiV3Key));
      } catch {
        await refused('undecryptable', {});
        return { status: 400, body: { code: 'FAIL', message: '通知内容无法解密' } };
      }
      const facts = {
        notificationId: event.id,
        eventType: event.event_type,
        orderNo: typeof plain.out_trade_no === 'string' ? plain.out_trade_no : undefined,
      };
      let result: SettleResult;
      if (event.event_type === 'TRANSACTION.SUCCESS')
        result = await settle(plain as unknown as Transaction, 'notification');
      else if (event.event_type?.startsWith('REFUND.')) result = await refundSettled(plain);
      else result = { refused: 'unknown_event' };
      if (typeof result === 'object') {
        await refused(result.refused, facts);
        // an unknown order or a wrong amount is refused; the gateway may retry, nothing changes
        return { status: 400, body: { code: 'FAIL', message: '通知内容与订单不符' } };
      }
      await recordNotification(db, {
        receivedAt: clock.now(),
        notificationId: facts.notificationId ?? null,
        eventType: facts.eventType ?? null,
        orderNo: facts.orderNo ?? null,
        result,
        reason: null,
      });
      return { status: 204 };
    },

    /** A refund of a paid order whose member has not studied that year: audited, learning locks again. */
    async refund(staff: StaffPrincipal, orderNo: string, reason: string): Promise<StaffOrder> {
      await client();
      const order = await db.transaction(async (tx) => {
        const o = await lockOrder(tx, orderNo);
        if (!o) throw new AppError('NOT_FOUND', '订单不存在');
        if (o.status !== 'paid') throw new AppError('ORDER_NOT_REFUNDABLE', '只有已支付的订单可以退款');
        await lockMember(tx, o.memberId);
        if (await hasStudied(tx, o.memberId, o.year)) {
          throw new AppError('MEMBER_ALREADY_STUDIED', `该会员已开始${o.year}年度的学习，不能退款`);
        }
        const refundNo = `R${o.orderNo}`;
        await updateOrder(tx, o.id, {
          status: 'refunding',
          refundNo,
          refundReason: reason,
          refundRequestedBy: staff.id,
        });
        await deleteFeePayment(tx, o.memberId, o.year);
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.name,
          action: 'payment.refund',
          target: `order:${o.orderNo}`,
          result: 'success',
          detail: { memberId: o.memberId, year: o.year, amountFen: o.amountFen, reason },
        });
        return { ...o, status: 'refunding' as const, refundNo, refundReason: reason };
      });
      // the refund request is retried by the reconciliation job should the gateway not answer now
      await sendRefund(order).catch((e) =>
        deps.log?.warn({ err: e }, 'refund request failed; reconciliation retries'),
      );
      return this.staffOrder(orderNo);
    },

    async staffOrder(orderNo: string): Promise<StaffOrder> {
      const row = await orderWithNames(db, orderNo);
      if (!row) throw new AppError('NOT_FOUND', '订单不存在');
      return toStaffOrder(row);
    },

    /**
     * The reconciliation: pending orders older than a minute are asked at the gateway (paid ones are
     * settled, expired ones closed); refunds under way are asked for again (idempotent).
     */
    async reconcile(limit = 500) {
      if (gateway.mode === 'disabled') return { skipped: gateway.reason };
      const rows = await ordersToReconcile(db, new Date(clock.now().getTime() - 60_000), limit);
      const counts = { checked: rows.length, paid: 0, closed: 0, open: 0, refunds: 0, failed: 0 };
      for (const order of rows) {
        try {
          if (order.status === 'refunding') {
            await sendRefund(order);
            counts.refunds++;
          } else {
            counts[await expire(order)]++;
          }
        } catch (e) {
          counts.failed++;
          deps.log?.warn({ err: e }, 'reconciliation of one order failed');
        }
      }
      return counts;
    },
  };
}

export function toOrder(o: OrderRow, instituteName: string): Order {
  return {
    orderNo: o.orderNo,
    year: o.year,
    instituteId: o.instituteId,
    instituteName,
    amountFen: o.amountFen,
    status: o.status,
    codeUrl: o.status === 'pending' ? o.codeUrl : null,
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    refundedAt: o.refundedAt?.toISOString() ?? null,
  };
}

export const toStaffOrder = (row: {
  order: OrderRow;
  instituteName: string;
  memberUsername: string;
  memberName: string;
}): StaffOrder => ({
  ...toOrder(row.order, row.instituteName),
  memberUsername: row.memberUsername,
  memberName: row.memberName,
  transactionId: row.order.transactionId,
  refundReason: row.order.refundReason,
});
