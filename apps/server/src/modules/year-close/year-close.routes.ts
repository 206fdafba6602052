import { errorBodySchema, reopenYearSchema, yearCloseSchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { YearCloseService } from './year-close.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const params = z.object({
  year: z.coerce.number().int('年份格式不正确').min(2000, '年份格式不正确').max(2100, '年份格式不正确'),
});
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export const yearCloseRoutes =
  (years: YearCloseService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/years/:year/closure',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['year-close'],
          summary: '年度是否已关闭',
          params,
          response: { 200: yearCloseSchema, ...errors },
        },
      },
      (req) => years.state(req.params.year),
    );
    app.post(
      '/api/admin/years/:year/close',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['year-close'],
          summary: '关闭年度：冻结每位会员的年度达标状态及所用规则版本，此后该年度学时不再变动',
          params,
          response: { 200: yearCloseSchema, ...errors },
        },
      },
      (req) => years.close(staffOf(req), req.params.year, req.ip),
    );
    app.post(
      '/api/admin/years/:year/reopen',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['year-close'],
          summary: '重新开放已关闭的年度（须填写理由，记入审计日志）',
          params,
          body: reopenYearSchema,
          response: { 200: yearCloseSchema, ...errors },
        },
      },
      (req) => years.reopen(staffOf(req), req.params.year, req.body.reason, req.ip),
    );
  };
