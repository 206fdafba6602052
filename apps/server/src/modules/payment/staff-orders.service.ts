import type { Order, StaffOrdersQuery, StaffOrdersResponse } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { orderFilterOf as filterOf, orderExportPages } from './order-export.ts';
import { memberOrders, staffOrderSums, staffOrders, staffOrderTotals } from './payment.repository.ts';
import { toOrder, toStaffOrder } from './payment.service.ts';

export type StaffOrdersService = ReturnType<typeof staffOrdersService>;

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

    /** Every matching order as Excel rows, a page at a time (the export streams them). */
    async *exportRows(q: StaffOrdersQuery) {
      for await (const page of orderExportPages(db, filterOf(q))) yield* page;
    },
  };
}
