import type { PlanForecastSummary, PlanResponse } from '@cpe/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** GET /api/me/plan; without a year the server's current year (Asia/Shanghai). */
export function usePlan(year?: number) {
  return useQuery({
    queryKey: ['plan', year ?? 0],
    queryFn: () => api<PlanResponse>(`/api/me/plan${year === undefined ? '' : `?year=${year}`}`),
  });
}

export function usePlanForecasts(year: number) {
  return useQuery({
    queryKey: ['plan-forecasts', year],
    queryFn: () => api<PlanForecastSummary>(`/api/admin/plan-forecasts?year=${year}`),
  });
}

export const planExportUrl = (year: number, province?: string) =>
  `/api/admin/plan-forecasts/export?year=${year}${province ? `&province=${province}` : ''}`;
