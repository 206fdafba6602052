import {
  errorBodySchema,
  evaluationRequestSchema,
  evaluationResponseSchema,
  lessonDetailSchema,
  lessonParamsSchema,
  progressRequestSchema,
  progressResponseSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf } from '../../http/access.ts';
import type { StudyService } from './study.service.ts';

const refusals = {
  400: errorBodySchema,
  402: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export const studyRoutes =
  (study: StudyService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/lessons/:lessonId',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '课节详情（续播位置、是否锁定、评价问卷）',
          params: lessonParamsSchema,
          response: { 200: lessonDetailSchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      (req) => study.lesson(memberOf(req), req.params.lessonId),
    );

    app.post(
      '/api/lessons/:lessonId/progress',
      {
        config: {
          access: 'member',
          // the session and the member's lesson state in one read (the busiest request)
          sessionWith: (hash, req) =>
            study.readWithSession(hash, Number((req.params as { lessonId?: string }).lessonId)),
        },
        schema: {
          tags: ['learning'],
          summary: '上报刚播放的区间（约每 10 秒及暂停/关闭时）；服务器合并区间并核定已观看时长',
          params: lessonParamsSchema,
          body: progressRequestSchema,
          response: { 200: progressResponseSchema, ...refusals, 429: errorBodySchema },
        },
      },
      (req) => study.progress(memberOf(req), req.params.lessonId, req.body, req.sessionData),
    );

    app.post(
      '/api/lessons/:lessonId/evaluation',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '评价已看完的课节（1-5 星、可选评语与问卷）；评价后学时次日可查询',
          params: lessonParamsSchema,
          body: evaluationRequestSchema,
          response: { 201: evaluationResponseSchema, ...refusals },
        },
      },
      async (req, reply) => {
        const result = await study.evaluate(memberOf(req), req.params.lessonId, req.body);
        return reply.status(201).send(result);
      },
    );
  };
