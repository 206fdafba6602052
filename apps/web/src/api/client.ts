import type { ErrorBody } from '@cpe/shared';

/** An error answered by the server (`{ code, message }`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthenticated: () => void = () => {};

/**
 * Called when the session is gone (expired, logged out elsewhere). The app clears the current user,
 * and the route guard then sends the browser to /login.
 */
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Let the request finish when the page is hidden or left (small bodies only, as progress reports). */
  keepalive?: boolean;
  /** extra request headers (e.g. Idempotency-Key) */
  headers?: Record<string, string>;
}

function isErrorBody(v: unknown): v is ErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorBody).code === 'string' &&
    typeof (v as ErrorBody).message === 'string'
  );
}

/** JSON in, JSON out, cookies same-origin. Throws ApiError with the server's Chinese message. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
      keepalive: opts.keepalive,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as T;
  const error = isErrorBody(data)
    ? new ApiError(data.code, data.message, res.status)
    : new ApiError('HTTP_ERROR', `服务器暂时无法处理请求（${res.status}），请稍后重试`, res.status);
  // A wrong password is also a 401, but only a missing session means "log in again".
  if (error.code === 'UNAUTHENTICATED') onUnauthenticated();
  throw error;
}

/** The Chinese text to show for any error thrown by a query or mutation. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请稍后重试';
}
