import type {
  FeeSchedule,
  Order,
  SetFeeRequest,
  StaffOrder,
  StaffOrdersQuery,
  StaffOrdersResponse,
} from '@cpe/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const paymentKeys = {
  order: (orderNo: string) => ['order', orderNo] as const,
  mine: ['orders', 'mine'] as const,
  staff: (q: Partial<StaffOrdersQuery>) => ['orders', 'staff', q] as const,
  fees: (year: number) => ['fees', year] as const,
};

/** One key per member-year and page visit: a double click or a retry never makes a second order. */
function idempotencyKey(year: number): string {
  const name = `cpe-order-key-${year}`;
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

export const forgetOrderKey = (year: number) => sessionStorage.removeItem(`cpe-order-key-${year}`);

export function useCreateOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { year: number; instituteId: number }) =>
      api<Order>('/api/orders', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotencyKey(body.year) },
      }),
    onSuccess: (order) => queryClient.setQueryData(paymentKeys.order(order.orderNo), order),
  });
}

/** The order, asked again every two seconds while it waits for payment: its status turns by itself. */
export function useOrder(orderNo: string | undefined) {
  return useQuery({
    queryKey: paymentKeys.order(orderNo ?? ''),
    queryFn: () => api<Order>(`/api/orders/${orderNo}`),
    enabled: !!orderNo,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 2000 : false),
  });
}

export function useMyOrders() {
  return useQuery({ queryKey: paymentKeys.mine, queryFn: () => api<{ items: Order[] }>('/api/me/orders') });
}

export function staffOrdersUrl(q: Partial<StaffOrdersQuery>, path = '/api/staff/orders') {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export function useStaffOrders(q: Partial<StaffOrdersQuery>) {
  return useQuery({
    queryKey: paymentKeys.staff(q),
    queryFn: () => api<StaffOrdersResponse>(staffOrdersUrl(q)),
    placeholderData: keepPreviousData,
  });
}

export function useRefund() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orderNo, reason }: { orderNo: string; reason: string }) =>
      api<StaffOrder>(`/api/staff/orders/${orderNo}/refund`, { method: 'POST', body: { reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orders'] }),
  });
}

export function useFeeSchedule(year: number) {
  return useQuery({
    queryKey: paymentKeys.fees(year),
    queryFn: () => api<FeeSchedule>(`/api/staff/fees?year=${year}`),
  });
}

export function useSetFee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetFeeRequest) => api<FeeSchedule>('/api/staff/fees', { method: 'PUT', body }),
    onSuccess: (s) => queryClient.setQueryData(paymentKeys.fees(s.year), s),
  });
}
