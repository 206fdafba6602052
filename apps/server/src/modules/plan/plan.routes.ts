import { PassThrough } from 'node:stream';
import {
  errorBodySchema,
  planForecastExportQuerySchema,
  planForecastSummarySchema,
  planResponseSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { writeXlsx } from '../../documents/xlsx.ts';
import { memberOf, staffOf } from '../../http/access.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { type ShortfallRow, shortfallPage } from './plan.repository.ts';
import type { PlanService } from './plan.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;

export const FORECAST_COLUMNS = [
  { header: '地方注协', key: 'province', width: 12 },
  { header: '用户名', key: 'username', width: 20 },
  { header: '姓名', key: 'name', width: 12 },
  { header: '会员类型', key: 'memberType', width: 12 },
  { header: '尚缺学时', key: 'shortfall', width: 10 },
  { header: '其中职业道德', key: 'ethics', width: 12 },
  { header: '网络课程无法补足的学时', key: 'unmet', width: 22 },
  { header: '计划剩余分钟', key: 'remaining', width: 14 },
  { header: '每周学习分钟（目前）', key: 'pace', width: 20 },
  { header: '每周需学习分钟', key: 'needed', width: 16 },
  { header: '预计学完日期', key: 'finishOn', width: 14 },
  { header: '按期学完', key: 'onTrack', width: 10 },
];

const row = (r: ShortfallRow) => ({
  province: r.provinceName,
  username: r.username,
  name: r.name,
  memberType: r.memberType === 'practicing' ? '执业会员' : '非执业会员',
  shortfall: r.shortfallHundredths / 100,
  ethics: r.ethicsShortfallHundredths / 100,
  unmet: r.unmetHundredths / 100,
  remaining: Math.ceil(r.remainingSeconds / 60),
  pace: r.paceMinutesPerWeek ?? '尚未开始学习',
  needed: r.neededMinutesPerWeek ?? '',
  finishOn: r.finishOn ?? '',
  onTrack: r.onTrack === null ? '无法预测' : r.onTrack ? '是' : '否',
});

export const planRoutes =
  (deps: Deps, plans: PlanService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/plan',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '学习计划：补足本年度学时的最短课节清单、网络课程无法补足的部分及完成预测',
          querystring: yearQuerySchema,
          response: { 200: planResponseSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      (req) => plans.forMember(memberOf(req).id, req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.get(
      '/api/admin/plan-forecasts',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['reports'],
          summary: '学习计划预测：各地方注协预计不达标的会员人数（每晚计算）',
          querystring: yearQuerySchema,
          response: { 200: planForecastSummarySchema, 400: errorBodySchema },
        },
      },
      (req) => plans.summary(req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.get(
      '/api/admin/plan-forecasts/export',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['reports'],
          summary: '导出预计不达标会员名单（Excel），可按地方注协筛选',
          querystring: planForecastExportQuerySchema,
          response: { 400: errorBodySchema },
        },
      },
      async (req, reply) => {
        const { year, province } = req.query;
        const admin = staffOf(req);
        await recordAudit(deps.db, {
          at: deps.clock.now(),
          actorType: 'staff',
          actorId: admin.id,
          actorName: admin.username,
          action: 'plan_forecast.export',
          target: `plan_forecasts:${year}${province ? `:${province}` : ''}`,
          result: 'success',
          ip: req.ip,
        });
        async function* rows() {
          let after: { province: string; username: string } | null = null;
          for (;;) {
            const page = await shortfallPage(deps.db, year, province ?? null, after, 1000);
            for (const r of page) yield row(r);
            const last = page[page.length - 1];
            if (!last || page.length < 1000) return;
            after = { province: last.provinceCode, username: last.username };
          }
        }
        const out = new PassThrough();
        writeXlsx({
          output: out,
          sheetName: `${year}年度预计不达标`,
          columns: FORECAST_COLUMNS,
          rows: rows(),
        }).catch((e: unknown) => out.destroy(e as Error));
        const name = encodeURIComponent(`${year}年度学习计划预计不达标名单.xlsx`);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
          .header('cache-control', 'no-store')
          .send(out as never); // a stream: the response schemas describe the JSON errors only
      },
    );
  };
