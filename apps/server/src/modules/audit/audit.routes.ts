import { auditListSchema, auditQuerySchema, errorBodySchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { listAudit } from './audit.repository.ts';

/** The audit view (LOG-1): who did what and when, for the national and the system admin. Read only. */
export const auditRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/audit',
      {
        config: { access: { staff: ['national_admin', 'system_admin'] } },
        schema: {
          tags: ['audit'],
          summary: '审计日志：按操作人、操作、对象与日期筛选（最新在前）',
          querystring: auditQuerySchema,
          response: { 200: auditListSchema, 400: errorBodySchema, 403: errorBodySchema },
        },
      },
      (req) => {
        const { page, pageSize, ...filter } = req.query;
        return listAudit(deps.db, filter, page, pageSize);
      },
    );
  };
