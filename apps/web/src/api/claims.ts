import type {
  CatalogueResponse,
  Claim,
  ClaimList,
  ClaimRequest,
  EvidenceFile,
  Exemption,
  ExemptionRequest,
  MessageList,
  ReviewClaim,
  ReviewExemption,
} from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

/** 产出法 / 产出式 claims, 豁免 / 减免 requests, the review workbench and the member's messages. */

export const useCatalogue = (year: number) =>
  useQuery({
    queryKey: ['catalogue', year],
    queryFn: () => api<CatalogueResponse>(`/api/catalogue?year=${year}`),
  });
export const useClaims = (year: number) =>
  useQuery({ queryKey: ['claims', year], queryFn: () => api<ClaimList>(`/api/claims?year=${year}`) });
export const useExemptions = (year: number) =>
  useQuery({
    queryKey: ['exemptions', year],
    queryFn: () => api<{ year: number; exemptions: Exemption[] }>(`/api/exemptions?year=${year}`),
  });

/** Uploads one evidence file (multipart field `file`). */
export async function uploadEvidence(url: string, file: File): Promise<EvidenceFile> {
  const body = new FormData();
  body.append('file', file);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(data?.code ?? 'INTERNAL', data?.message ?? '上传失败', res.status);
  return data as EvidenceFile;
}

/** A member action on a claim or request; refreshes the lists (and 学时查询) afterwards. */
export function useMemberAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { url: string; body?: unknown }) =>
      api<Claim | Exemption | { id: number }>(a.url, { method: 'POST', body: a.body ?? {} }),
    onSettled: () => {
      for (const key of ['claims', 'exemptions', 'catalogue', 'hours'])
        qc.invalidateQueries({ queryKey: [key] });
    },
  });
}

export const createClaim = (body: ClaimRequest) =>
  api<{ id: number }>('/api/claims', { method: 'POST', body });
export const createExemption = (body: ExemptionRequest) =>
  api<{ id: number }>('/api/exemptions', { method: 'POST', body });

export interface ReviewFilter {
  status: string;
  q: string;
}
const query = (f: ReviewFilter) => `?status=${f.status}${f.q ? `&q=${encodeURIComponent(f.q)}` : ''}`;
export const useReviewClaims = (f: ReviewFilter) =>
  useQuery({
    queryKey: ['review-claims', f],
    queryFn: () =>
      api<{ counts: Record<string, number>; claims: ReviewClaim[] }>(`/api/review/claims${query(f)}`),
  });
export const useReviewExemptions = (f: ReviewFilter) =>
  useQuery({
    queryKey: ['review-exemptions', f],
    queryFn: () =>
      api<{ counts: Record<string, number>; exemptions: ReviewExemption[] }>(
        `/api/review/exemptions${query(f)}`,
      ),
  });
export function useReviewAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { url: string; body: unknown }) => api<unknown>(a.url, { method: 'POST', body: a.body }),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: ['review-claims'] });
      qc.invalidateQueries({ queryKey: ['review-exemptions'] });
    },
  });
}

export const useMessages = () =>
  useQuery({ queryKey: ['messages'], queryFn: () => api<MessageList>('/api/messages') });
export const useUnread = () =>
  useQuery({
    queryKey: ['messages', 'unread'],
    queryFn: () => api<{ unread: number }>('/api/messages/unread'),
    refetchInterval: 60_000,
  });
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number | null) =>
      api<{ unread: number }>(id === null ? '/api/messages/read-all' : `/api/messages/${id}/read`, {
        method: 'POST',
        body: {},
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['messages'] }),
  });
}
