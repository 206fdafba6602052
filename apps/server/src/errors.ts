import { type ErrorCode, errorStatus } from '@cpe/shared';

/** The one error type: a stable code and a Chinese message for the user. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (msg = '无权执行此操作') => new AppError('FORBIDDEN', msg);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', '请先登录');
