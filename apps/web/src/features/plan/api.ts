import type { PlanForecastSummary, PlanResponse } from '@cpe/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** GET /api/me/plan; without a year the server's current year (Asia/Shanghai). */
export const planQuery = (year?: number) => ({
  queryKey: ['plan', year ?? 0],
  queryFn: () => api<PlanResponse>(`/api/me/plan${year === undefined ? '' : `?year=${year}`}`),
  // Fresh for a few seconds: the plan the member home asks for as it starts (main.tsx) is shown by its
  // card, not asked for again when the card appears; later visits ask again.
  staleTime: 10_000,
});

export function usePlan(year?: number) {
  return useQuery(planQuery(year));
}

export function usePlanForecasts(year: number) {
  return useQuery({
    queryKey: ['plan-forecasts', year],
    queryFn: () => api<PlanForecastSummary>(`/api/admin/plan-forecasts?year=${year}`),
  });
}

export const planExportUrl = (year: number, province?: string) =>
  `/api/admin/plan-forecasts/export?year=${year}${province ? `&province=${province}` : ''}`;
