import { z } from 'zod';

/** A row id in a path (`/:id`): a positive 32-bit integer. */
export const idSchema = z.coerce
  .number()
  .int('编号格式不正确')
  .min(1, '编号格式不正确')
  .max(2_147_483_647, '编号格式不正确');
export const idParamsSchema = z.object({ id: idSchema });
