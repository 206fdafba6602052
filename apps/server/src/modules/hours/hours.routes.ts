import { errorBodySchema, hoursResponseSchema, yearQuerySchema } from '@cpe/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { memberOf } from '../../http/access.ts';
import type { HoursRead, HoursService } from './hours.service.ts';

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
      async (req, reply) => {
        const year = req.query.year ?? shanghaiYear(deps.clock.now());
        const body = await hours.answer(memberOf(req).id, year, req.sessionData as HoursRead | undefined);
        // Already checked against the contract and serialized (or the same text as last time): Fastify
        // sends a string with a JSON content type as it is, so the plain reply type is the honest one.
        return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
      },
    );
  };
