import {
  errorBodySchema,
  instituteChoiceRequestSchema,
  instituteChoiceSchema,
  institutesResponseSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf } from '../../http/access.ts';
import type { InstituteService } from './institute.service.ts';

export const instituteRoutes =
  (institutes: InstituteService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/institutes',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['learning'],
          summary: '国家会计学院列表（名称、咨询电话、简介）',
          response: { 200: institutesResponseSchema },
        },
      },
      () => institutes.list(),
    );

    app.get(
      '/api/me/institute-choice',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '本人某年度所选的会计学院（未选择时 institute 为 null）',
          querystring: yearQuerySchema,
          response: { 200: instituteChoiceSchema, 400: errorBodySchema },
        },
      },
      (req) => {
        const year = req.query.year ?? institutes.currentYear();
        return institutes.choice(memberOf(req).id, year);
      },
    );

    app.post(
      '/api/me/institute-choice',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '选择本年度的会计学院（每年只能选择一家，当年不可更改）',
          body: instituteChoiceRequestSchema,
          response: {
            201: instituteChoiceSchema,
            400: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const choice = await institutes.choose(memberOf(req).id, req.body.year, req.body.instituteId);
        return reply.status(201).send(choice);
      },
    );
  };
