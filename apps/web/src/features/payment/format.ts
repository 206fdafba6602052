import { type OrderStatus, orderStatusLabels } from '@cpe/shared';

export const paymentPaths = {
  /** the fee page of a year; `back` is where 开始学习 returns to once paid */
  fee: (year: number, back?: string) =>
    `/member/payment?year=${year}${back ? `&back=${encodeURIComponent(back)}` : ''}`,
  records: '/member/payments',
};

export const statusColor: Record<OrderStatus, string> = {
  pending: 'processing',
  paid: 'success',
  closed: 'default',
  refunding: 'warning',
  refunded: 'default',
};

export const statusLabel = (s: OrderStatus) => orderStatusLabels[s];

export const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;

export const shanghaiTime = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '—';

/** The cashier link with the way back to this page (the sandbox cashier honours `return`). */
export function cashierHref(codeUrl: string, back: string) {
  if (!codeUrl.startsWith('/')) return codeUrl;
  return `${codeUrl}?return=${encodeURIComponent(back)}`;
}
