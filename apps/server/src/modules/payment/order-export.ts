import { orderStatusLabels, type StaffOrdersQuery } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { XlsxColumn } from '../../documents/xlsx.ts';
import { type OrderFilter, staffOrders } from './payment.repository.ts';
import { toStaffOrder } from './payment.service.ts';

/** The columns of an orders list in Excel: the staff orders page's export and the background export. */
export const ORDER_COLUMNS: XlsxColumn[] = [
  { header: '订单号', key: 'orderNo', width: 22 },
  { header: '会员证书编号', key: 'memberUsername', width: 18 },
  { header: '姓名', key: 'memberName' },
  { header: '年度', key: 'year', width: 8 },
  { header: '会计学院', key: 'instituteName', width: 22 },
  { header: '金额（元）', key: 'amount', width: 12 },
  { header: '状态', key: 'status', width: 10 },
  { header: '下单时间', key: 'createdAt', width: 22 },
  { header: '支付时间', key: 'paidAt', width: 22 },
  { header: '支付流水号', key: 'transactionId', width: 30 },
  { header: '退款原因', key: 'refundReason', width: 24 },
];

/** A day (YYYY-MM-DD, Asia/Shanghai) as the instant it begins. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

export function orderFilterOf(q: Omit<StaffOrdersQuery, 'page' | 'pageSize'>): OrderFilter {
  return {
    year: q.year,
    instituteId: q.instituteId,
    status: q.status,
    from: q.from ? dayStart(q.from) : undefined,
    to: q.to ? new Date(dayStart(q.to).getTime() + 86_400_000) : undefined,
    q: q.q?.trim() || undefined,
  };
}

const shanghaiTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Every matching order as Excel rows, a page at a time (never the whole list in memory). */
export async function* orderExportPages(db: Executor, f: OrderFilter, size = 1000) {
  for (let offset = 0; ; offset += size) {
    const rows = await staffOrders(db, f, size, offset);
    yield rows.map((r) => {
      const o = toStaffOrder(r);
      return {
        ...o,
        amount: (o.amountFen / 100).toFixed(2),
        status: orderStatusLabels[o.status],
        createdAt: shanghaiTime(r.order.createdAt),
        paidAt: r.order.paidAt ? shanghaiTime(r.order.paidAt) : '',
        transactionId: o.transactionId ?? '',
        refundReason: o.refundReason ?? '',
      };
    });
    if (rows.length < size) return;
  }
}
