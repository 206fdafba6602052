import {
  errorBodySchema,
  publishRulesSchema,
  ruleVersionSchema,
  ruleVersionSummarySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { RulesService } from './rules.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const rulesRoutes =
  (rules: RulesService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/rules/:year',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['rules'],
          summary: '某年度现行的学时规则、产出项目目录与豁免情形（含待确认的数字）',
          params: yearParam,
          response: { 200: ruleVersionSchema, 404: errorBodySchema },
        },
      },
      async (req) => rules.current(req.params.year),
    );

    app.get(
      '/api/admin/rules/:year/versions',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['rules'],
          summary: '某年度规则的全部版本',
          params: yearParam,
          response: { 200: z.array(ruleVersionSummarySchema) },
        },
      },
      async (req) => rules.versions(req.params.year),
    );

    app.get(
      '/api/admin/rules/:year/versions/:version',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['rules'],
          summary: '某年度规则的某一版本',
          params: yearParam.extend({ version: z.coerce.number().int().min(1) }),
          response: { 200: ruleVersionSchema, 404: errorBodySchema },
        },
      },
      async (req) => rules.at(req.params.year, req.params.version),
    );

    app.post(
      '/api/admin/rules/:year',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['rules'],
          summary: '发布某年度规则的更正版本',
          params: yearParam,
          body: publishRulesSchema,
          response: { 201: ruleVersionSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        const published = await rules.publish(staffOf(req), req.params.year, req.body, req.ip);
        return reply.status(201).send(published);
      },
    );
  };
