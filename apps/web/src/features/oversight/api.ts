import type {
  AuditRow,
  ComplianceReport,
  ComplianceRow,
  ExportJob,
  ExportReport,
  HoursResponse,
  MemberImportJob,
} from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

const myExportsKey = ['exports', 'mine'];

export function useStartExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { report: ExportReport; filters: Record<string, string | number | boolean> }) =>
      api<{ id: number }>('/api/exports', { method: 'POST', body }),
    // 我的导出 shows the new export at once, not the list from before it
    onSuccess: () => client.invalidateQueries({ queryKey: myExportsKey }),
  });
}

const active = (j: ExportJob) => j.status === 'queued' || j.status === 'running';

/** 我的导出: the staff member's recent exports, polled while any is queued or running. */
export function useMyExports() {
  return useQuery({
    queryKey: myExportsKey,
    queryFn: () => api<ExportJob[]>('/api/exports'),
    refetchInterval: (q) => (q.state.data?.some(active) ? 2000 : false),
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

/**
 * Uploads the members workbook (multipart) to start a background import, reporting the upload's
 * percent (XMLHttpRequest: fetch cannot). Resolves with the import's id.
 */
export function startMemberImport(
  file: File,
  dryRun: boolean,
  onUpload: (percent: number) => void,
): Promise<number> {
  const form = new FormData();
  form.append('file', file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/admin/member-imports?dryRun=${dryRun}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onUpload(Math.floor((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      const body = xhr.response as { id?: number; code?: string; message?: string } | null;
      if (xhr.status === 201 && body?.id !== undefined) resolve(body.id);
      else
        reject(new ApiError(body?.code ?? 'INTERNAL', body?.message ?? '上传失败，请稍后重试', xhr.status));
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0));
    xhr.send(form);
  });
}

/** The import's state, polled every second until it is done or failed. */
export function useMemberImport(id: number | null) {
  return useQuery({
    queryKey: ['member-imports', id],
    queryFn: () => api<MemberImportJob>(`/api/admin/member-imports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 1000),
  });
}

export function useCommitMemberImport() {
  return useMutation({
    mutationFn: (id: number) =>
      api<MemberImportJob>(`/api/admin/member-imports/${id}/commit`, { method: 'POST' }),
  });
}
