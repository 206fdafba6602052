import {
  errorBodySchema,
  integrationBatchReportSchema,
  integrationBatchSchema,
  integrationKeyIssuedSchema,
  integrationKeyParamsSchema,
  integrationKeysResponseSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { IntegrationKeys } from './integration.keys.ts';
import type { IntegrationService } from './integration.service.ts';
import { SIGNATURE_HEADERS } from './integration.signature.ts';

export const HOUR_RECORDS_PATH = '/api/integration/v1/hour-records';
/** A full batch (1000 records) is far below this; anything larger is refused before it is read. */
const BODY_LIMIT = 2 * 1024 * 1024;

const signatureHeadersSchema = z.object({
  [SIGNATURE_HEADERS.key]: z.string().describe('学院的密钥编号（cpe integration create-key 发放）'),
  [SIGNATURE_HEADERS.timestamp]: z.string().describe('Unix 秒数；与服务器时间相差不得超过 5 分钟'),
  [SIGNATURE_HEADERS.nonce]: z
    .string()
    .describe('每个请求不同的随机串（16–64 位字母、数字、_ 或 -）；重复即视为重放'),
  [SIGNATURE_HEADERS.signature]: z
    .string()
    .describe('HMAC-SHA256(密钥, "方法\\n路径\\n时间戳\\n随机串\\nSHA256(请求体)十六进制") 的十六进制'),
});

/**
 * The institute integration API. Authenticated by the request's HMAC signature over the raw body, not by
 * a session: the body is read as text (its hash is signed), so the service parses it and checks each row
 * itself; the schemas below are its documentation (OpenAPI), and a bad row is refused alone in the report.
 */
export const integrationRoutes =
  (integration: IntegrationService, keys: IntegrationKeys): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(keyRoutes(keys));
    // the signed route reads its body as text, in a scope of its own
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
        done(null, body),
      );
      scope.post(
        HOUR_RECORDS_PATH,
        {
          config: { access: 'public', originExempt: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
          bodyLimit: BODY_LIMIT,
          validatorCompiler: () => (value) => ({ value }),
          schema: {
            tags: ['integration'],
            summary: '学院平台推送学时记录（HMAC 签名，按记录编号幂等，逐条返回接收结果；学时次日记入）',
            headers: signatureHeadersSchema,
            body: integrationBatchSchema,
            response: {
              200: integrationBatchReportSchema,
              400: errorBodySchema,
              401: errorBodySchema,
              409: errorBodySchema,
              413: errorBodySchema,
              429: errorBodySchema,
            },
          },
        },
        (req) =>
          integration.receive({
            method: req.method,
            path: req.url,
            headers: req.headers,
            body: typeof req.body === 'string' ? req.body : '',
          }),
      );
    });
  };

const instituteAdmin = { staff: ['institute_admin'] } as const;
const keyErrors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** 对接密钥: an institute admin's keys for their own institute (JSON bodies, session and Origin checks). */
const keyRoutes =
  (keys: IntegrationKeys): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/institute/integration-keys',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['integration'],
          summary: '本学院的对接密钥（不含密钥内容）',
          response: { 200: integrationKeysResponseSchema, ...keyErrors },
        },
      },
      (req) => keys.listOwn(staffOf(req)),
    );
    app.post(
      '/api/institute/integration-keys',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['integration'],
          summary: '为本学院发放新的对接密钥（密钥内容只在本次返回）',
          response: { 201: integrationKeyIssuedSchema, ...keyErrors },
        },
      },
      async (req, reply) => reply.status(201).send(await keys.issueOwn(staffOf(req))),
    );
    app.post(
      '/api/institute/integration-keys/:keyId/disable',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['integration'],
          summary: '停用本学院的对接密钥（之后用它签名的请求一律拒收）',
          params: integrationKeyParamsSchema,
          response: { 204: z.null(), ...keyErrors },
        },
      },
      async (req, reply) => {
        await keys.disableOwn(staffOf(req), req.params.keyId);
        return reply.status(204).send(null);
      },
    );
  };
