import type {
  AuditRow,
  ComplianceReport,
  ComplianceRow,
  ExportJob,
  ExportReport,
  HoursResponse,
  ImportResult,
} from '@cpe/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client.ts';

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export function useComplianceReport(year: number, province?: string) {
  return useQuery({
    queryKey: ['reports', 'compliance', year, province],
    queryFn: () => api<ComplianceReport>(`/api/reports/compliance?${query({ year, province })}`),
  });
}

export interface ComplianceListFilter {
  year: number;
  province?: string;
  status?: string;
  memberType?: string;
  page: number;
}

export function useComplianceList(f: ComplianceListFilter) {
  return useQuery({
    queryKey: ['reports', 'compliance-list', f],
    queryFn: () =>
      api<{ total: number; rows: ComplianceRow[] }>(
        `/api/reports/compliance/members?${query({ ...f, pageSize: 20 })}`,
      ),
  });
}

export function useMemberYear(memberId: number | null, year: number) {
  return useQuery({
    queryKey: ['reports', 'member-year', memberId, year],
    queryFn: () => api<HoursResponse>(`/api/reports/compliance/members/${memberId}?year=${year}`),
    enabled: memberId !== null,
  });
}

export function useStartExport() {
  return useMutation({
    mutationFn: (body: { report: ExportReport; filters: Record<string, string | number | boolean> }) =>
      api<{ id: number }>('/api/exports', { method: 'POST', body }),
  });
}

/** The export's state, polled every second until it is done, failed or expired. */
export function useExportJob(id: number | null) {
  return useQuery({
    queryKey: ['exports', id],
    queryFn: () => api<ExportJob>(`/api/exports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) =>
      q.state.data && ['done', 'failed', 'expired'].includes(q.state.data.status) ? false : 1000,
  });
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  page: number;
}

export function useAuditLog(f: AuditFilter) {
  return useQuery({
    queryKey: ['audit', f],
    queryFn: () =>
      api<{ total: number; rows: AuditRow[] }>(`/api/admin/audit?${query({ ...f, pageSize: 50 })}`),
  });
}

/** Uploads the members workbook (multipart); a dry run only answers the row errors. */
export async function uploadMembers(file: File, dryRun: boolean): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file);
  const res = await fetch(`/api/admin/members/import${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
  });
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(body?.code ?? 'INTERNAL', body?.message ?? '导入失败，请稍后重试', res.status);
  return body as ImportResult;
}
