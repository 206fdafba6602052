import {
  certificateParamsSchema,
  errorBodySchema,
  verificationSchema,
  verifyParamsSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf } from '../../http/access.ts';
import type { CertificateService } from './certificate.service.ts';

export const certificateRoutes =
  (certificates: CertificateService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/certificates/:year',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '下载年度学时证明（PDF，年度学时达标后可下载，含核验二维码）',
          params: certificateParamsSchema,
          response: { 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req, reply) => {
        const pdf = await certificates.pdf(memberOf(req), req.params.year, {
          ip: req.ip,
          origin: `${req.protocol}://${req.host}`,
        });
        return reply
          .header('content-type', 'application/pdf')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`学时证明-${req.params.year}.pdf`)}`,
          )
          .send(pdf as never); // bytes, not JSON: the response schemas describe the errors only
      },
    );
    app.get(
      '/api/verify/:code',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['verification'],
          summary: '公开核验学时证明：只显示脱敏姓名、年度与学时',
          params: verifyParamsSchema,
          response: { 200: verificationSchema, 400: errorBodySchema },
        },
      },
      (req) => certificates.verify(req.params.code),
    );
  };
