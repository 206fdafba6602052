import { errorBodySchema, feeStatusSchema, yearQuerySchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { memberOf } from '../../http/access.ts';
import type { FeeService } from './fee.service.ts';

export const feeRoutes =
  (deps: Deps, fees: FeeService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/me/fee',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '本人某年度继续教育费用交纳状态（非执业会员学习前须交费）',
          querystring: yearQuerySchema,
          response: { 200: feeStatusSchema, 404: errorBodySchema },
        },
      },
      (req) => fees.status(memberOf(req), req.query.year ?? shanghaiYear(deps.clock.now())),
    );
  };
