import type { SmsOutboxEntry } from '@cpe/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export interface RecoveryStarted {
  recoveryId: string;
  maskedPhone: string;
}

export const startRecovery = (body: { userType: string; username: string; captcha: string }) =>
  api<RecoveryStarted>('/api/auth/recovery/start', { method: 'POST', body });

export const sendRecoverySms = (recoveryId: string) =>
  api<{ maskedPhone: string; validSeconds: number }>(
    `/api/auth/recovery/${encodeURIComponent(recoveryId)}/sms`,
    {
      method: 'POST',
    },
  );

export const resetPassword = (recoveryId: string, body: { code: string; newPassword: string }) =>
  api<void>(`/api/auth/recovery/${encodeURIComponent(recoveryId)}/reset`, { method: 'POST', body });

export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  api<void>('/api/me/password', { method: 'POST', body });

export const startPhoneChange = (body: { currentPassword: string; newPhone: string }) =>
  api<RecoveryStarted>('/api/me/phone', { method: 'POST', body });

export const confirmPhoneChange = (body: { recoveryId: string; code: string }) =>
  api<{ maskedPhone: string }>('/api/me/phone/confirm', { method: 'POST', body });

/** Demo mode only: the SMS outbox (404 otherwise). */
export function useSmsOutbox() {
  return useQuery({
    queryKey: ['dev-sms-outbox'],
    queryFn: () => api<SmsOutboxEntry[]>('/api/dev/sms-outbox'),
    refetchInterval: 5000,
    retry: false,
  });
}
