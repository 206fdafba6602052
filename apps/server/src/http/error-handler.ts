import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { describeError, isUnstorableText } from '../db/errors.ts';
import { AppError } from '../errors.ts';

const FIELD_LABELS: Record<string, string> = {
  userType: '用户类型',
  username: '用户名',
  password: '密码',
  captcha: '验证码',
  code: '短信验证码',
  newPassword: '新密码',
  currentPassword: '当前密码',
  newPhone: '新手机号码',
  year: '年度',
};

/** Fastify's own client errors, in Chinese. */
const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', '请求格式不受支持，请使用 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BAD_REQUEST', '请求内容为空'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BAD_REQUEST', '请求内容不是有效的 JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', '请求内容过大'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', '请求长度不正确'],
};

/** One error shape for every answer: `{ code, message }`; 5xx hide their details. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (error.status === 429 && retryAfter) reply.header('retry-after', String(retryAfter));
      return reply.status(error.status).send({ code: error.code, message: error.message });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const path = first?.instancePath?.split('/').filter(Boolean) ?? [];
      const field = path.length ? (FIELD_LABELS[path[path.length - 1] ?? ''] ?? path.join('.')) : '';
      const message = `${field ? `${field}：` : ''}${first?.message ?? '输入有误'}`;
      return reply.status(400).send({ code: 'VALIDATION_FAILED', message });
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return reply.status(known[0]).send({ code: known[1], message: known[2] });
    if (error.statusCode === 429) {
      return reply.status(429).send({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    }
    if (
      error.statusCode &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      !isResponseSerializationError(error)
    ) {
      return reply.status(error.statusCode).send({ code: 'BAD_REQUEST', message: '请求无效' });
    }
    // A value the database cannot store (NUL in a cookie, a header, a path the contract does not cover).
    if (isUnstorableText(error)) {
      return reply.status(400).send({ code: 'VALIDATION_FAILED', message: '输入含有不允许的控制字符' });
    }
    request.log.error({ err: describeError(error) }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
  });
}
