import type { LoginRequest, Me } from '@cpe/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

export const meQueryKey = ['me'] as const;

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api<Me>('/api/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export interface Captcha {
  enabled: boolean;
  image: string | null;
}

/**
 * The login captcha (a PNG). `required`: the server asked for one (CAPTCHA_REQUIRED after repeated
 * failures), so an image is fetched even where the captcha is not always on.
 */
export function useCaptcha(required = false) {
  return useQuery({
    queryKey: ['captcha', required],
    queryFn: () => api<Captcha>(`/api/auth/captcha${required ? '?required=true' : ''}`),
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * Nothing cached for one account may show for the next. The `me` query stays (it is set right after):
 * clearing it would detach the components watching it.
 */
function forgetAccountData(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api<Me>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      forgetAccountData(queryClient);
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      // The guard sees no user and shows the login page.
      queryClient.setQueryData(meQueryKey, null);
      forgetAccountData(queryClient);
    },
  });
}
