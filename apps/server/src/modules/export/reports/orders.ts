import { exportReportLabels, orderStatuses } from '@cpe/shared';
import { ORDER_COLUMNS, orderExportPages, orderFilterOf } from '../../payment/order-export.ts';
import { staffOrderSums } from '../../payment/payment.repository.ts';
import { filterDay, filterInt } from '../filters.ts';
import type { ExportContext, ExportDefinition } from '../registry.ts';

const filterOf = ({ filters: f }: ExportContext) =>
  orderFilterOf({
    year: filterInt(f.year),
    instituteId: filterInt(f.instituteId),
    status: orderStatuses.find((s) => s === f.status),
    from: filterDay(f.from),
    to: filterDay(f.to),
  });

/** 交费 orders and payments, nationwide: the national admin's list (fees are not a provincial matter). */
export const ordersExport: ExportDefinition = {
  report: 'orders',
  title: exportReportLabels.orders,
  roles: ['national_admin'],
  columns: ORDER_COLUMNS,
  count: async (db, ctx) => (await staffOrderSums(db, filterOf(ctx))).total,
  pages: (db, ctx) => orderExportPages(db, filterOf(ctx)),
};
