import { errorBodySchema, hoursResponseSchema, yearQuerySchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { memberOf } from '../../http/access.ts';
import type { SessionHoursState } from './hours.repository.ts';
import type { HoursService } from './hours.service.ts';

export const hoursRoutes =
  (deps: Deps, hours: HoursService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/hours',
      {
        config: {
          access: 'member',
          // the session and the member's year in one read
          sessionWith: (hash, req) => hours.readWithSession(hash, req.query),
        },
        schema: {
          tags: ['learning'],
          summary: '学时查询：年度要求、已记录学时（按类别）、待同步学时（次日可查询）、明细',
          querystring: yearQuerySchema,
          response: { 200: hoursResponseSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      (req) =>
        hours.query(
          memberOf(req).id,
          req.query.year ?? shanghaiYear(deps.clock.now()),
          req.sessionData as SessionHoursState | undefined,
        ),
    );
  };
