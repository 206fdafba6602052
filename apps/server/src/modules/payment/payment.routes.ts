import { PassThrough } from 'node:stream';
import {
  createOrderRequestSchema,
  errorBodySchema,
  orderParamsSchema,
  orderSchema,
  ordersResponseSchema,
  refundRequestSchema,
  singleLineTextSchema,
  staffOrderSchema,
  staffOrdersQuerySchema,
  staffOrdersResponseSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { writeXlsx } from '../../documents/xlsx.ts';
import { memberOf, staffOf } from '../../http/access.ts';
import { NOTIFY_PATH } from './gateway.ts';
import { ORDER_COLUMNS } from './order-export.ts';
import type { PaymentService } from './payment.service.ts';
import { receiptPdf } from './receipt.ts';
import type { StaffOrdersService } from './staff-orders.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const idempotencyHeaders = z.object({
  'idempotency-key': singleLineTextSchema.min(8, '请求标识过短').max(64, '请求标识过长').optional(),
});
const failBody = z.object({ code: z.literal('FAIL'), message: z.string() });

export const paymentRoutes =
  (deps: Deps, payments: PaymentService, staffOrders: StaffOrdersService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/orders',
      {
        config: { access: 'non_practicing' },
        schema: {
          tags: ['payment'],
          summary: '创建（或取回）本年度继续教育费用的交费订单；金额由收费标准决定，请求中的价格一律忽略',
          headers: idempotencyHeaders,
          body: createOrderRequestSchema,
          response: {
            200: orderSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            422: errorBodySchema,
            502: errorBodySchema,
            503: errorBodySchema,
          },
        },
      },
      (req) => payments.createOrder(memberOf(req), req.body, req.headers['idempotency-key']),
    );

    app.get(
      '/api/me/orders',
      {
        config: { access: 'member' },
        schema: {
          tags: ['payment'],
          summary: '交费记录：本人的全部订单',
          response: { 200: ordersResponseSchema },
        },
      },
      async (req) => ({ items: await staffOrders.memberOrders(memberOf(req).id) }),
    );

    app.get(
      '/api/orders/:orderNo',
      {
        config: { access: 'member' },
        schema: {
          tags: ['payment'],
          summary: '本人的一个订单（交费页面轮询其状态）',
          params: orderParamsSchema,
          response: { 200: orderSchema, 404: errorBodySchema },
        },
      },
      (req) => payments.memberOrder(memberOf(req), req.params.orderNo),
    );

    app.get(
      '/api/orders/:orderNo/receipt.pdf',
      {
        config: { access: 'member' },
        schema: {
          tags: ['payment'],
          summary: '已支付订单的电子收据（PDF）',
          params: orderParamsSchema,
          response: { 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req, reply) => {
        const row = await payments.memberOrderRow(memberOf(req), req.params.orderNo);
        if (row.order.status !== 'paid') {
          return reply.status(409).send({ code: 'CONFLICT', message: '只有已支付的订单有电子收据' });
        }
        const pdf = await receiptPdf(deps.config, row);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="receipt-${row.order.orderNo}.pdf"`)
          .send(pdf as never);
      },
    );

    // The gateway's notifications: authenticated by their signature over the raw body, not by a session.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      scope.post(
        NOTIFY_PATH,
        {
          config: { access: 'public', originExempt: true },
          schema: {
            tags: ['payment'],
            summary: '微信支付 API v3 支付与退款通知（签名验证、AEAD_AES_256_GCM 解密）',
            response: { 400: failBody, 401: failBody, 503: failBody },
          },
        },
        async (req, reply) => {
          const raw = typeof req.body === 'string' ? req.body : '';
          const answer = await payments.notify(req.headers, raw);
          if (!answer.body) return reply.status(204 as never).send();
          return reply.status(answer.status as 400).send(answer.body);
        },
      );
    });

    app.get(
      '/api/staff/orders',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['payment'],
          summary: '订单与支付查询（筛选、按学院和日期汇总）',
          querystring: staffOrdersQuerySchema,
          response: { 200: staffOrdersResponseSchema, 400: errorBodySchema },
        },
      },
      (req) => staffOrders.list(req.query),
    );

    app.get(
      '/api/staff/orders/export',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['payment'],
          summary: '按筛选条件导出订单（Excel）',
          querystring: staffOrdersQuerySchema,
          response: { 400: errorBodySchema },
        },
      },
      async (req, reply) => {
        const out = new PassThrough();
        const rows = staffOrders.exportRows(req.query);
        void writeXlsx({
          output: out,
          sheetName: '订单',
          columns: ORDER_COLUMNS,
          rows,
        }).catch((e) => out.destroy(e));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="orders.xlsx"`)
          .send(out as never);
      },
    );

    app.post(
      '/api/staff/orders/:orderNo/refund',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['payment'],
          summary: '为尚未开始学习的会员退款（须填写原因，记入审计日志，学习重新锁定）',
          params: orderParamsSchema,
          body: refundRequestSchema,
          response: {
            200: staffOrderSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
            503: errorBodySchema,
          },
        },
      },
      (req) => payments.refund(staffOf(req), req.params.orderNo, req.body.reason),
    );
  };
