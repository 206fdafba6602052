import type { Order, StaffOrdersQuery, StaffOrdersResponse } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import {
  memberOrders,
  type OrderFilter,
  staffOrderSums,
  staffOrders,
  staffOrderTotals,
} from './payment.repository.ts';
import { toOrder, toStaffOrder } from './payment.service.ts';

export type StaffOrdersService = ReturnType<typeof staffOrdersService>;

/** A day (YYYY-MM-DD, Asia/Shanghai) as the instant it begins. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

function filterOf(q: StaffOrdersQuery): OrderFilter {
  return {
    year: q.year,
    instituteId: q.instituteId,
    status: q.status,
    from: q.from ? dayStart(q.from) : undefined,
    to: q.to ? new Date(dayStart(q.to).getTime() + 86_400_000) : undefined,
    q: q.q?.trim() || undefined,
  };
}

/** 交费记录 of a member, and the national admin's view of orders and payments with totals and export. */
export function staffOrdersService({ db }: Deps) {
  return {
    async memberOrders(memberId: number): Promise<Order[]> {
      return (await memberOrders(db, memberId)).map((r) => toOrder(r.order, r.instituteName));
    },

    async list(q: StaffOrdersQuery): Promise<StaffOrdersResponse> {
      const f = filterOf(q);
      const [rows, sums, totals] = await Promise.all([
        staffOrders(db, f, q.pageSize, (q.page - 1) * q.pageSize),
        staffOrderSums(db, f),
        staffOrderTotals(db, f),
      ]);
      return { items: rows.map(toStaffOrder), ...sums, totals };
    },

    /** Every matching order, a page at a time (the export streams them). */
    async *exportRows(q: StaffOrdersQuery) {
      const f = filterOf(q);
      const size = 1000;
      for (let offset = 0; ; offset += size) {
        const rows = await staffOrders(db, f, size, offset);
        for (const r of rows) {
          const o = toStaffOrder(r);
          yield {
            ...o,
            createdAt: shanghaiTime(r.order.createdAt),
            paidAt: r.order.paidAt ? shanghaiTime(r.order.paidAt) : '',
            transactionId: o.transactionId ?? '',
            refundReason: o.refundReason ?? '',
          };
        }
        if (rows.length < size) return;
      }
    },
  };
}

const shanghaiTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
