import {
  courseDetailSchema,
  courseParamsSchema,
  coursesResponseSchema,
  errorBodySchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { memberOf } from '../../http/access.ts';
import type { CourseService } from './course.service.ts';

export const courseRoutes =
  (deps: Deps, courses: CourseService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/courses',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '所选会计学院某年度的课程（必修/选修、职业道德、是否锁定、各课节进度）',
          querystring: yearQuerySchema,
          response: { 200: coursesResponseSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      (req) => courses.list(memberOf(req).id, req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.get(
      '/api/courses/:courseId',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '课程详情（仅限所选会计学院的课程）',
          params: courseParamsSchema,
          response: { 200: courseDetailSchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      (req) => courses.detail(memberOf(req).id, req.params.courseId),
    );
  };
