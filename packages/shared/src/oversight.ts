import { z } from 'zod';
import { yearSchema } from './params.ts';
import { singleLineTextSchema } from './text.ts';

/**
 * National oversight: the compliance dashboard and its drill-down, export jobs, hours certificates and
 * their public verification, members import, year close and the audit view.
 */

const year = yearSchema;
const id = z.coerce
  .number()
  .int('编号格式不正确')
  .min(1, '编号格式不正确')
  .max(2_147_483_647, '编号格式不正确');
const provinceCode = z.string().regex(/^\d{2}$/, '地方注协代码应为两位数字');

export const complianceStatuses = ['compliant', 'short', 'exempt'] as const;
export const complianceStatusSchema = z.enum(complianceStatuses);
export const complianceStatusLabels: Record<(typeof complianceStatuses)[number], string> = {
  compliant: '已完成',
  short: '未完成',
  exempt: '豁免',
};

export const complianceQuerySchema = z.object({ year: year.optional(), province: provinceCode.optional() });

const counts = z.object({ compliant: z.number().int(), short: z.number().int(), exempt: z.number().int() });
export const complianceReportSchema = z.object({
  year: z.number().int(),
  /** when the statuses were last refreshed (ISO), null before the first refresh */
  asOf: z.string().nullable(),
  /** the year is closed: the statuses are frozen */
  closed: z.boolean(),
  province: singleLineTextSchema.nullable(),
  totals: counts,
  byProvince: z.array(counts.extend({ code: singleLineTextSchema, name: singleLineTextSchema })),
  byMemberType: z.array(counts.extend({ memberType: z.enum(['practicing', 'non_practicing']) })),
  byInstitute: z.array(
    counts.extend({ instituteId: z.number().int().nullable(), name: singleLineTextSchema }),
  ),
  /** members compliant by the end of each month (cumulative), January first */
  curve: z.array(z.object({ month: z.number().int(), compliant: z.number().int() })),
});
export type ComplianceReport = z.infer<typeof complianceReportSchema>;

export const complianceListQuerySchema = complianceQuerySchema.extend({
  status: complianceStatusSchema.optional(),
  memberType: z.enum(['practicing', 'non_practicing']).optional(),
  institute: id.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ComplianceListQuery = z.infer<typeof complianceListQuerySchema>;

export const complianceRowSchema = z.object({
  memberId: z.number().int(),
  username: singleLineTextSchema,
  name: singleLineTextSchema,
  memberType: z.enum(['practicing', 'non_practicing']),
  province: singleLineTextSchema,
  institute: singleLineTextSchema.nullable(),
  status: complianceStatusSchema,
  creditedHours: z.number(),
  requiredHours: z.number(),
});
export const complianceListSchema = z.object({ total: z.number().int(), rows: z.array(complianceRowSchema) });
export type ComplianceRow = z.infer<typeof complianceRowSchema>;

export const memberYearParamsSchema = z.object({ memberId: id });

// ---- Exports ----

export const exportReports = ['compliance', 'members', 'audit', 'orders', 'claims'] as const;
export const exportReportSchema = z.enum(exportReports);
export type ExportReport = z.infer<typeof exportReportSchema>;
/** Each report's Chinese name: the sheet and file name of its export, and its name in 我的导出. */
export const exportReportLabels: Record<ExportReport, string> = {
  compliance: '学时完成情况',
  members: '会员名单',
  audit: '审计日志',
  orders: '订单与支付',
  claims: '产出学时申报',
};
export const exportFiltersSchema = z
  .record(z.string().max(40), z.union([singleLineTextSchema.max(200), z.number(), z.boolean()]))
  .default({});
export const createExportSchema = z.object({ report: exportReportSchema, filters: exportFiltersSchema });
export type CreateExportRequest = z.infer<typeof createExportSchema>;
export const exportParamsSchema = z.object({ id });
export const exportStatuses = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];
export const exportStatusLabels: Record<ExportStatus, string> = {
  queued: '排队中',
  running: '生成中',
  done: '已完成',
  failed: '失败',
  expired: '已过期',
};
export const exportJobSchema = z.object({
  id: z.number().int(),
  report: exportReportSchema,
  status: z.enum(exportStatuses),
  progress: z.number().int().min(0).max(100),
  rows: z.number().int(),
  error: singleLineTextSchema.nullable(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ExportJob = z.infer<typeof exportJobSchema>;

// ---- Certificates ----

export const certificateParamsSchema = z.object({ year });
export const verifyParamsSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '验证码格式不正确'),
});
export const verificationSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    name: singleLineTextSchema,
    year: z.number().int(),
    hours: z.number(),
    issuedOn: singleLineTextSchema,
  }),
  z.object({
    valid: z.literal(false),
    reason: z.enum(['unknown', 'revoked']),
    message: singleLineTextSchema,
  }),
]);
export type Verification = z.infer<typeof verificationSchema>;

// ---- Members import ----

export const importQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const importResultSchema = z.object({
  dryRun: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(
    z.object({ row: z.number().int(), column: singleLineTextSchema, message: singleLineTextSchema }),
  ),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** A background import: the upload is checked row by row with progress, then applied all or nothing. */
export const memberImportParamsSchema = z.object({ id });
export const memberImportJobSchema = z.object({
  id: z.number().int(),
  dryRun: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number().int().min(0).max(100),
  total: z.number().int().nullable(),
  created: z.number().int().nullable(),
  updated: z.number().int().nullable(),
  unchanged: z.number().int().nullable(),
  /** the first row errors; errorCount counts them all */
  errors: importResultSchema.shape.errors,
  errorCount: z.number().int(),
  error: singleLineTextSchema.nullable(),
});
export type MemberImportJob = z.infer<typeof memberImportJobSchema>;

// ---- Audit view ----

export const auditQuerySchema = z.object({
  actor: singleLineTextSchema.max(60).optional(),
  action: singleLineTextSchema.max(60).optional(),
  target: singleLineTextSchema.max(120).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorType: singleLineTextSchema,
  actorName: singleLineTextSchema.nullable(),
  action: singleLineTextSchema,
  target: singleLineTextSchema.nullable(),
  result: singleLineTextSchema,
  ip: singleLineTextSchema.nullable(),
  detail: z.string().nullable(),
});
export const auditListSchema = z.object({ total: z.number().int(), rows: z.array(auditRowSchema) });
export type AuditRow = z.infer<typeof auditRowSchema>;

// ---- Year close ----

export const yearCloseSchema = z.object({
  year: z.number().int(),
  status: z.enum(['open', 'closed', 'reopened']),
  closedAt: z.string().nullable(),
  ruleVersion: z.number().int().nullable(),
  /** who closed it (name), and the last re-opening: when, by whom, why */
  closedBy: singleLineTextSchema.nullable(),
  reopenedAt: z.string().nullable(),
  reopenedBy: singleLineTextSchema.nullable(),
  reopenReason: singleLineTextSchema.nullable(),
});
export type YearClosureState = z.infer<typeof yearCloseSchema>;
export const reopenYearSchema = z.object({
  reason: singleLineTextSchema.min(2, '请填写重新开放的理由').max(200),
});
