import {
  complianceListQuerySchema,
  complianceListSchema,
  complianceQuerySchema,
  complianceReportSchema,
  errorBodySchema,
  hoursResponseSchema,
  memberYearParamsSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { staffOf } from '../../http/access.ts';
import type { ReportService } from './report.service.ts';

const viewers = { staff: ['national_admin', 'provincial_reviewer'] } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const reportRoutes =
  (deps: Deps, reports: ReportService): FastifyPluginAsyncZod =>
  async (app) => {
    const yearOf = (y: number | undefined) => y ?? shanghaiYear(deps.clock.now());
    app.get(
      '/api/reports/compliance',
      {
        config: { access: viewers },
        schema: {
          tags: ['reports'],
          summary: '学时完成情况统计（全国或本省）：按地方注协、会员类型、学院，以及全年完成曲线',
          querystring: complianceQuerySchema,
          response: { 200: complianceReportSchema, ...errors },
        },
      },
      (req) => reports.dashboard(staffOf(req), yearOf(req.query.year), req.query.province),
    );
    app.get(
      '/api/reports/compliance/members',
      {
        config: { access: viewers },
        schema: {
          tags: ['reports'],
          summary: '学时完成情况明细：会员名单（可按状态、会员类型、学院筛选）',
          querystring: complianceListQuerySchema,
          response: { 200: complianceListSchema, ...errors },
        },
      },
      (req) => reports.list(staffOf(req), yearOf(req.query.year), req.query),
    );
    app.get(
      '/api/reports/compliance/members/:memberId',
      {
        config: { access: viewers },
        schema: {
          tags: ['reports'],
          summary: '某会员的年度学时（与会员学时查询相同，只读，记入审计日志）',
          params: memberYearParamsSchema,
          querystring: yearQuerySchema,
          response: { 200: hoursResponseSchema, ...errors },
        },
      },
      (req) => reports.memberYear(staffOf(req), req.params.memberId, yearOf(req.query.year), req.ip),
    );
  };
