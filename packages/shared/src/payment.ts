import { z } from 'zod';
import { yearSchema } from './params.ts';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

/**
 * 交费: orders for the yearly learning fee of non-practicing members, the fee schedule and the staff
 * views. Money is integer fen; the client never sends a price (a price field in a request is ignored).
 */

const year = z.number().int('年份格式不正确').min(2000, '年份格式不正确').max(2100, '年份格式不正确');

export const orderStatuses = ['pending', 'paid', 'closed', 'refunding', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const orderStatusLabels: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
};

/** POST /api/orders. Unknown fields (a price among them) are dropped, never used. */
export const createOrderRequestSchema = z.object({
  year,
  instituteId: z.number().int().positive(),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;

/** The order number: yyyyMMddHHmmss (Asia/Shanghai) and three digits, e.g. 20230623111249748. */
export const orderNoSchema = z.string().regex(/^\d{17}$/, '订单号格式不正确');
export const orderParamsSchema = z.object({ orderNo: orderNoSchema });

export const orderSchema = z.object({
  orderNo: z.string(),
  year: z.number().int(),
  instituteId: z.number().int(),
  instituteName: z.string(),
  amountFen: z.number().int(),
  status: z.enum(orderStatuses),
  /** what the payer scans (or opens) to pay; null once the order is no longer payable */
  codeUrl: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
});
export type Order = z.infer<typeof orderSchema>;
export const ordersResponseSchema = z.object({ items: z.array(orderSchema) });

export const staffOrderSchema = orderSchema.extend({
  memberUsername: z.string(),
  memberName: z.string(),
  transactionId: z.string().nullable(),
  refundReason: z.string().nullable(),
});
export type StaffOrder = z.infer<typeof staffOrderSchema>;

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const staffOrdersQuerySchema = z.object({
  year: yearSchema.optional(),
  instituteId: z.coerce.number().int().positive().optional(),
  status: z.enum(orderStatuses).optional(),
  /** created on or after this day, Asia/Shanghai */
  from: dateText.optional(),
  /** created on or before this day, Asia/Shanghai */
  to: dateText.optional(),
  /** an order number or a member's certificate number */
  q: singleLineTextSchema.max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type StaffOrdersQuery = z.infer<typeof staffOrdersQuerySchema>;

export const staffOrdersResponseSchema = z.object({
  items: z.array(staffOrderSchema),
  total: z.number().int(),
  /** paid (and refunding/refunded) amounts of every matching order, in fen */
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  /** paid amount per institute and day (payment day, Asia/Shanghai) of every matching order */
  totals: z.array(
    z.object({
      instituteId: z.number().int(),
      instituteName: z.string(),
      day: z.string(),
      count: z.number().int(),
      amountFen: z.number().int(),
    }),
  ),
});
export type StaffOrdersResponse = z.infer<typeof staffOrdersResponseSchema>;

export const refundRequestSchema = z.object({
  reason: multiLineTextSchema.trim().min(2, '请填写退款原因').max(200, '退款原因不超过200字'),
});

export const feeScheduleSchema = z.object({
  year: z.number().int(),
  /** the rule data's default fee for the year, used where no institute has its own */
  defaultFen: z.number().int(),
  items: z.array(
    z.object({
      instituteId: z.number().int(),
      instituteName: z.string(),
      amountFen: z.number().int(),
      /** false: no amount set for this institute, the default applies */
      scheduled: z.boolean(),
      updatedAt: z.string().nullable(),
    }),
  ),
});
export type FeeSchedule = z.infer<typeof feeScheduleSchema>;

export const setFeeRequestSchema = z.object({
  year,
  instituteId: z.number().int().positive(),
  amountFen: z.number().int('金额以分为单位，须为整数').min(1, '金额须大于0').max(10_000_000, '金额过大'),
});
export type SetFeeRequest = z.infer<typeof setFeeRequestSchema>;
