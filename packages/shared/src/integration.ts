import { z } from 'zod';
import { courseKindSchema } from './learning.ts';
import { singleLineTextSchema } from './text.ts';

// The institute integration API: POST /api/integration/v1/hour-records (docs/integration.md).

/** The most records one batch may carry; larger batches are refused whole (413 PAYLOAD_TOO_LARGE). */
export const INTEGRATION_MAX_RECORDS = 1000;
/** The largest credit of one record: no single lesson is longer. */
export const INTEGRATION_MAX_HOURS = 40;

/** Hours with at most two decimals (hundredths), as a number. */
const hoursSchema = z
  .number()
  .positive('学时必须大于 0')
  .max(INTEGRATION_MAX_HOURS, `单条记录的学时不能超过 ${INTEGRATION_MAX_HOURS}`)
  .refine((h) => Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, '学时最多两位小数');

const instantSchema = z.iso.datetime({ offset: true, message: '时间须为带时区的 ISO 8601 格式' });

export const integrationHourRecordSchema = z.object({
  recordId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, '记录编号须为 1–64 位字母、数字或 . _ : -')
    .describe('本学院平台内唯一的记录编号；同一编号再次推送视为重复'),
  memberType: z
    .enum(['practicing', 'non_practicing'])
    .describe('practicing 执业会员 / non_practicing 非执业会员'),
  certificateNumber: singleLineTextSchema.min(1).max(32).describe('注册会计师证书编号或会员证书编号'),
  year: z.number().int().min(2000).max(2100).describe('学时所属年度'),
  courseTitle: singleLineTextSchema.trim().min(1, '课程名称不能为空').max(200, '课程名称不能超过 200 个字'),
  lessonTitle: singleLineTextSchema.trim().min(1, '课节名称不能为空').max(200, '课节名称不能超过 200 个字'),
  kind: courseKindSchema.describe('required 必修 / elective 选修'),
  ethics: z.boolean().default(false).describe('是否职业道德课程'),
  hours: hoursSchema.describe('学时，最多两位小数'),
  completedAt: instantSchema.describe('学完时间'),
  evaluatedAt: instantSchema.describe('评价时间（不早于学完时间）'),
});
export type IntegrationHourRecord = z.infer<typeof integrationHourRecordSchema>;

export const integrationBatchSchema = z.object({
  records: z.array(integrationHourRecordSchema).min(1).max(INTEGRATION_MAX_RECORDS),
});

export const integrationRowStatuses = ['accepted', 'duplicate', 'refused'] as const;

export const integrationBatchReportSchema = z.object({
  batchId: z.number().int(),
  accepted: z.number().int().describe('本批新接收的记录数'),
  duplicates: z.number().int().describe('此前已接收、内容相同的记录数'),
  refused: z.number().int(),
  rows: z.array(
    z.object({
      recordId: singleLineTextSchema,
      status: z.enum(integrationRowStatuses),
      code: singleLineTextSchema.optional().describe('拒收原因代码'),
      message: singleLineTextSchema.optional().describe('拒收原因（中文）'),
    }),
  ),
});
export type IntegrationBatchReport = z.infer<typeof integrationBatchReportSchema>;
export type IntegrationRow = IntegrationBatchReport['rows'][number];

// ---- 对接密钥 (institute admins: their institute's keys) ----

export const integrationKeySchema = z.object({
  keyId: singleLineTextSchema,
  createdAt: singleLineTextSchema.describe('ISO 8601'),
  createdBy: singleLineTextSchema,
  disabledAt: singleLineTextSchema.nullable(),
});
export type IntegrationKey = z.infer<typeof integrationKeySchema>;

export const integrationKeysResponseSchema = z.object({ keys: z.array(integrationKeySchema) });
export type IntegrationKeysResponse = z.infer<typeof integrationKeysResponseSchema>;

/** A new key: the secret is in this answer only. */
export const integrationKeyIssuedSchema = z.object({
  keyId: singleLineTextSchema,
  secret: singleLineTextSchema,
});
export type IntegrationKeyIssued = z.infer<typeof integrationKeyIssuedSchema>;

export const integrationKeyParamsSchema = z.object({
  keyId: z.string().regex(/^ik_[0-9a-f]{16}$/, '密钥编号不正确'),
});
