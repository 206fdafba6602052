import {
  errorBodySchema,
  feeScheduleSchema,
  feeStatusSchema,
  setFeeRequestSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { memberOf, staffOf } from '../../http/access.ts';
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

    app.get(
      '/api/staff/fees',
      {
        config: { access: { staff: ['national_admin'] } },
        schema: {
          tags: ['payment'],
          summary: '某年度各会计学院的继续教育收费标准（未设置的按规则默认金额）',
          querystring: yearQuerySchema,
          response: { 200: feeScheduleSchema, 404: errorBodySchema },
        },
      },
      (req) => fees.schedule(req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.put(
      '/api/staff/fees',
      {
        config: { access: { staff: ['national_admin'] } },
        schema: {
          tags: ['payment'],
          summary: '设置某会计学院某年度的收费标准（分），立即对所有新订单生效',
          body: setFeeRequestSchema,
          response: { 200: feeScheduleSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      (req) => {
        const staff = staffOf(req);
        return fees.setFee({ type: 'staff', id: staff.id, name: staff.name }, req.body);
      },
    );
  };
