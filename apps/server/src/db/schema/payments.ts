import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The learning fee per institute and year (fen); overrides the rule data's default. */
export const feeSchedule = pgTable(
  'fee_schedule',
  {
    instituteId: integer('institute_id').notNull(),
    year: integer('year').notNull(),
    amountFen: integer('amount_fen').notNull(),
    updatedAt: tz('updated_at').notNull(),
    updatedBy: integer('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.instituteId, t.year] })],
);

export const orderStatuses = ['pending', 'paid', 'closed', 'refunding', 'refunded'] as const;

export const paymentOrders = pgTable(
  'payment_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderNo: text('order_no').notNull().unique(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    instituteId: integer('institute_id').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash').notNull(),
    codeUrl: text('code_url'),
    transactionId: text('transaction_id'),
    createdAt: tz('created_at').notNull(),
    expiresAt: tz('expires_at').notNull(),
    paidAt: tz('paid_at'),
    closedAt: tz('closed_at'),
    refundNo: text('refund_no').unique(),
    refundReason: text('refund_reason'),
    refundRequestedBy: integer('refund_requested_by'),
    refundedAt: tz('refunded_at'),
  },
  (t) => [
    unique().on(t.memberId, t.idempotencyKey),
    uniqueIndex('payment_orders_open_idx').on(t.memberId, t.year).where(sql`status = 'pending'`),
    index('payment_orders_created_idx').on(t.createdAt),
  ],
);

export const notificationResults = ['applied', 'duplicate', 'refused'] as const;

export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: tz('received_at').notNull(),
    notificationId: text('notification_id'),
    eventType: text('event_type'),
    orderNo: text('order_no'),
    result: text('result', { enum: notificationResults }).notNull(),
    reason: text('reason'),
  },
  (t) => [index('payment_notifications_order_idx').on(t.orderNo)],
);
