import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  courses,
  feePayments,
  institutes,
  lessonProgress,
  lessons,
  members,
  paymentNotifications,
  paymentOrders,
} from '../../db/schema/index.ts';

export type OrderRow = typeof paymentOrders.$inferSelect;
export type NewOrder = typeof paymentOrders.$inferInsert;

/** Serialises the order requests of one member (two clicks, two tabs): the member's row lock. */
export async function lockMember(tx: Executor, memberId: number): Promise<void> {
  await tx.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for('update');
}

export async function findOrderByKey(db: Executor, memberId: number, key: string) {
  const [row] = await db
    .select()
    .from(paymentOrders)
    .where(and(eq(paymentOrders.memberId, memberId), eq(paymentOrders.idempotencyKey, key)));
  return row;
}

export async function findOpenOrder(db: Executor, memberId: number, year: number) {
  const [row] = await db
    .select()
    .from(paymentOrders)
    .where(
      and(
        eq(paymentOrders.memberId, memberId),
        eq(paymentOrders.year, year),
        eq(paymentOrders.status, 'pending'),
      ),
    );
  return row;
}

/** Inserts the order unless its number is taken (then undefined: draw new digits and try again). */
export async function insertOrder(tx: Executor, order: NewOrder) {
  const [row] = await tx
    .insert(paymentOrders)
    .values(order)
    .onConflictDoNothing({ target: paymentOrders.orderNo })
    .returning();
  return row;
}

export async function setCodeUrl(db: Executor, id: number, codeUrl: string) {
  await db.update(paymentOrders).set({ codeUrl }).where(eq(paymentOrders.id, id));
}

export async function findOrder(db: Executor, orderNo: string) {
  const [row] = await db.select().from(paymentOrders).where(eq(paymentOrders.orderNo, orderNo));
  return row;
}

/** The order row locked for the rest of the transaction: every state change goes through here. */
export async function lockOrder(tx: Executor, orderNo: string) {
  const [row] = await tx.select().from(paymentOrders).where(eq(paymentOrders.orderNo, orderNo)).for('update');
  return row;
}

export async function updateOrder(tx: Executor, id: number, values: Partial<NewOrder>) {
  await tx.update(paymentOrders).set(values).where(eq(paymentOrders.id, id));
}

/** The fee row that unlocks learning; false when the member-year already had one. */
export async function insertFeePayment(
  tx: Executor,
  row: { memberId: number; year: number; amountFen: number; paidAt: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(feePayments)
    .values(row)
    .onConflictDoNothing({ target: [feePayments.memberId, feePayments.year] })
    .returning({ id: feePayments.id });
  return inserted.length === 1;
}

/** Learning locks again (a refund): the member-year's fee row goes. */
export async function deleteFeePayment(tx: Executor, memberId: number, year: number) {
  await tx.delete(feePayments).where(and(eq(feePayments.memberId, memberId), eq(feePayments.year, year)));
}

/** Whether the member has watched any lesson of the year (then the fee is no longer refundable). */
export async function hasStudied(db: Executor, memberId: number, year: number): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(lessonProgress.memberId, memberId), eq(courses.year, year)))
    .limit(1);
  return rows.length > 0;
}

/** Orders the reconciliation looks at: pending ones created before `before`, and refunds under way. */
export const ordersToReconcile = (db: Executor, before: Date, limit: number) =>
  db
    .select()
    .from(paymentOrders)
    .where(
      or(
        and(eq(paymentOrders.status, 'pending'), lt(paymentOrders.createdAt, before)),
        eq(paymentOrders.status, 'refunding'),
      ),
    )
    .orderBy(asc(paymentOrders.id))
    .limit(limit);

export async function recordNotification(
  db: Executor,
  row: typeof paymentNotifications.$inferInsert,
): Promise<void> {
  await db.insert(paymentNotifications).values(row);
}

export const notificationsOf = (db: Executor, orderNo: string) =>
  db
    .select()
    .from(paymentNotifications)
    .where(eq(paymentNotifications.orderNo, orderNo))
    .orderBy(asc(paymentNotifications.id));

const orderColumns = {
  order: paymentOrders,
  instituteName: institutes.name,
  memberUsername: members.username,
  memberName: members.name,
};

export const memberOrders = (db: Executor, memberId: number) =>
  db
    .select(orderColumns)
    .from(paymentOrders)
    .innerJoin(institutes, eq(institutes.id, paymentOrders.instituteId))
    .innerJoin(members, eq(members.id, paymentOrders.memberId))
    .where(eq(paymentOrders.memberId, memberId))
    .orderBy(desc(paymentOrders.id));

export async function orderWithNames(db: Executor, orderNo: string) {
  const [row] = await db
    .select(orderColumns)
    .from(paymentOrders)
    .innerJoin(institutes, eq(institutes.id, paymentOrders.instituteId))
    .innerJoin(members, eq(members.id, paymentOrders.memberId))
    .where(eq(paymentOrders.orderNo, orderNo));
  return row;
}

export interface OrderFilter {
  year?: number;
  instituteId?: number;
  status?: OrderRow['status'];
  /** created at or after */
  from?: Date;
  /** created before */
  to?: Date;
  q?: string;
}

function filterOf(f: OrderFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.year !== undefined ? eq(paymentOrders.year, f.year) : undefined,
    f.instituteId !== undefined ? eq(paymentOrders.instituteId, f.instituteId) : undefined,
    f.status ? eq(paymentOrders.status, f.status) : undefined,
    f.from ? gte(paymentOrders.createdAt, f.from) : undefined,
    f.to ? lt(paymentOrders.createdAt, f.to) : undefined,
    f.q ? or(eq(paymentOrders.orderNo, f.q), eq(members.username, f.q)) : undefined,
  ];
  return and(...parts.filter((p): p is SQL => !!p));
}

export const staffOrders = (db: Executor, f: OrderFilter, limit: number, offset: number) =>
  db
    .select({ ...orderColumns })
    .from(paymentOrders)
    .innerJoin(institutes, eq(institutes.id, paymentOrders.instituteId))
    .innerJoin(members, eq(members.id, paymentOrders.memberId))
    .where(filterOf(f))
    .orderBy(desc(paymentOrders.id))
    .limit(limit)
    .offset(offset);

const PAID_STATES = ['paid', 'refunding', 'refunded'] as const;

export async function staffOrderSums(db: Executor, f: OrderFilter) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      paidFen: sql<number>`coalesce(sum(${paymentOrders.amountFen}) FILTER (WHERE ${inArray(paymentOrders.status, [...PAID_STATES])}), 0)::int`,
      refundedFen: sql<number>`coalesce(sum(${paymentOrders.amountFen}) FILTER (WHERE ${paymentOrders.status} = 'refunded'), 0)::int`,
    })
    .from(paymentOrders)
    .innerJoin(members, eq(members.id, paymentOrders.memberId))
    .where(filterOf(f));
  return {
    total: Number(row?.total ?? 0),
    paidFen: Number(row?.paidFen ?? 0),
    refundedFen: Number(row?.refundedFen ?? 0),
  };
}

/** Paid amounts per institute and payment day (Asia/Shanghai) of the matching orders. */
export async function staffOrderTotals(db: Executor, f: OrderFilter) {
  const day = sql<string>`to_char(${paymentOrders.paidAt} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      instituteId: paymentOrders.instituteId,
      instituteName: institutes.name,
      day,
      count: sql<number>`count(*)::int`,
      amountFen: sql<number>`sum(${paymentOrders.amountFen})::int`,
    })
    .from(paymentOrders)
    .innerJoin(institutes, eq(institutes.id, paymentOrders.instituteId))
    .innerJoin(members, eq(members.id, paymentOrders.memberId))
    .where(and(filterOf(f), inArray(paymentOrders.status, [...PAID_STATES])))
    .groupBy(paymentOrders.instituteId, institutes.name, day)
    .orderBy(day, paymentOrders.instituteId);
  return rows.map((r) => ({ ...r, count: Number(r.count), amountFen: Number(r.amountFen) }));
}
