import { z } from 'zod';

/** A row id in a path (`/:id`): a positive 32-bit integer. */
export const idSchema = z.coerce
  .number({ error: '编号格式不正确' })
  .int('编号格式不正确')
  .min(1, '编号格式不正确')
  .max(2_147_483_647, '编号格式不正确');
export const idParamsSchema = z.object({ id: idSchema });

/**
 * A year in a query or body (2000-2100). Text that is no number at all ("abc") gets the same message as
 * a year out of range, not zod's own about NaN.
 */
export const yearSchema = z.coerce
  .number({ error: '年份格式不正确' })
  .int('年份格式不正确')
  .min(2000, '年份格式不正确')
  .max(2100, '年份格式不正确');
