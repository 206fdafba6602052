import type { ReminderCampaign, ReminderFilter, ReminderPreview, YearClosureState } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

const query = (f: ReminderFilter) =>
  new URLSearchParams(
    Object.entries(f)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

/** How many members a campaign with these filters would remind now. */
export function useReminderPreview(f: ReminderFilter) {
  return useQuery({
    queryKey: ['reminders', 'preview', f],
    queryFn: () => api<ReminderPreview>(`/api/admin/reminders/preview?${query(f)}`),
  });
}

/** The year's campaigns, polled every two seconds while one is still sending. */
export function useReminderCampaigns(year: number) {
  return useQuery({
    queryKey: ['reminders', 'list', year],
    queryFn: () => api<{ campaigns: ReminderCampaign[] }>(`/api/admin/reminders?year=${year}`),
    refetchInterval: (q) =>
      q.state.data?.campaigns.some((c) => c.status === 'queued' || c.status === 'running') ? 2000 : false,
  });
}

export function useReminderActions() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: ['reminders'] });
  return {
    create: useMutation({
      mutationFn: (f: ReminderFilter) =>
        api<ReminderCampaign>('/api/admin/reminders', { method: 'POST', body: f }),
      onSuccess,
    }),
    cancel: useMutation({
      mutationFn: (id: number) =>
        api<ReminderCampaign>(`/api/admin/reminders/${id}/cancel`, { method: 'POST' }),
      onSuccess,
    }),
  };
}

export function useClosure(year: number) {
  return useQuery({
    queryKey: ['year-closure', year],
    queryFn: () => api<YearClosureState>(`/api/admin/years/${year}/closure`),
  });
}

export function useClosureActions(year: number) {
  const queryClient = useQueryClient();
  const onSuccess = (state: YearClosureState) => {
    queryClient.setQueryData(['year-closure', year], state);
    return queryClient.invalidateQueries({ queryKey: ['reminders'] });
  };
  return {
    close: useMutation({
      mutationFn: () => api<YearClosureState>(`/api/admin/years/${year}/close`, { method: 'POST' }),
      onSuccess,
    }),
    reopen: useMutation({
      mutationFn: (reason: string) =>
        api<YearClosureState>(`/api/admin/years/${year}/reopen`, { method: 'POST', body: { reason } }),
      onSuccess,
    }),
  };
}
