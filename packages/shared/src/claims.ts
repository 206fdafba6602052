import { catalogueItemSchema, exemptionGroundSchema, ruleSetSchema } from '@cpe/rules';
import { z } from 'zod';
import { yearSchema } from './params.ts';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

/**
 * Output-method claims (产出法形式学时 / 产出式学时), exemption and reduction requests (豁免 / 减免学时),
 * their review, evidence files and the member's portal messages. Hours are decimal 学时 with at most two
 * decimals; the server keeps integer hundredths.
 */

const yearNumber = z.number().int('年份格式不正确').min(2000, '年份格式不正确').max(2100, '年份格式不正确');

/** 学时 with at most two decimals. */
export const decimalHoursSchema = z
  .number({ error: '学时应为数字' })
  .min(0, '学时不能为负数')
  .max(10_000, '学时过大')
  .refine((h) => Math.abs(Math.round(h * 100) - h * 100) < 1e-6, '学时最多两位小数');

export const claimStatuses = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
  'reversed',
] as const;
export const claimStatusSchema = z.enum(claimStatuses);
export type ClaimStatus = z.infer<typeof claimStatusSchema>;
export const claimStatusLabels: Record<ClaimStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '退回补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
  reversed: '已撤销',
};
export const exemptionStatuses = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export const exemptionStatusSchema = z.enum(exemptionStatuses);
export type ExemptionStatus = z.infer<typeof exemptionStatusSchema>;

/** GET /api/catalogue?year=: the items open to the caller's member type and what the browser preview needs. */
export const catalogueResponseSchema = z.object({
  year: yearNumber,
  ruleVersion: z.number().int(),
  ruleSet: ruleSetSchema,
  items: z.array(catalogueItemSchema),
  grounds: z.array(exemptionGroundSchema),
  /** output hours already credited this year per item and in total (approved claims), for the preview */
  credited: z.object({ output: z.number(), byItem: z.record(z.string(), z.number()) }),
  /** the member's registration date (the 1-July reduction follows from it) */
  registeredOn: singleLineTextSchema,
});
export type CatalogueResponse = z.infer<typeof catalogueResponseSchema>;

export const evidenceFileSchema = z.object({
  id: z.number().int(),
  fileName: singleLineTextSchema,
  contentType: singleLineTextSchema,
  sizeBytes: z.number().int(),
  uploadedAt: singleLineTextSchema,
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

const detailsSchema = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '明细字段名不正确'),
  singleLineTextSchema.max(200, '明细不能超过 200 个字'),
);

/** POST /api/claims: a draft. PUT /api/claims/:id: the draft (or returned claim) changed. */
export const claimRequestSchema = z.object({
  year: yearNumber,
  item: singleLineTextSchema.max(10),
  units: decimalHoursSchema,
  details: detailsSchema,
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const claimSchema = z.object({
  id: z.number().int(),
  year: yearNumber,
  item: singleLineTextSchema,
  itemLabel: singleLineTextSchema,
  units: z.number(),
  details: z.record(z.string(), singleLineTextSchema),
  status: claimStatusSchema,
  /** units x rate (before caps) */
  computedHours: z.number(),
  grantedHours: z.number().nullable(),
  reviewComment: multiLineTextSchema.nullable(),
  submittedAt: singleLineTextSchema.nullable(),
  decidedAt: singleLineTextSchema.nullable(),
  createdAt: singleLineTextSchema,
  evidence: z.array(evidenceFileSchema),
  /** another claim of the member names the same work (title, ISBN, degree) */
  duplicateOf: z.number().int().nullable(),
});
export type Claim = z.infer<typeof claimSchema>;

/** GET /api/claims?year= */
export const claimListSchema = z.object({
  year: yearNumber,
  /** output hours credited against the output cap: the `4.00学时/32学时` figure */
  creditedOutput: z.number(),
  outputCap: z.number().nullable(),
  claims: z.array(claimSchema),
});
export type ClaimList = z.infer<typeof claimListSchema>;

export const exemptionRequestSchema = z.object({
  year: yearNumber,
  ground: singleLineTextSchema.max(20),
  periodFrom: singleLineTextSchema.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  periodTo: singleLineTextSchema.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  note: multiLineTextSchema.max(1000),
});
export type ExemptionRequest = z.infer<typeof exemptionRequestSchema>;

export const exemptionSchema = z.object({
  id: z.number().int(),
  year: yearNumber,
  ground: singleLineTextSchema,
  groundLabel: singleLineTextSchema,
  periodFrom: singleLineTextSchema,
  periodTo: singleLineTextSchema,
  note: multiLineTextSchema,
  status: exemptionStatusSchema,
  reviewComment: multiLineTextSchema.nullable(),
  submittedAt: singleLineTextSchema.nullable(),
  decidedAt: singleLineTextSchema.nullable(),
  createdAt: singleLineTextSchema,
  evidence: z.array(evidenceFileSchema),
});
export type Exemption = z.infer<typeof exemptionSchema>;
export const exemptionListSchema = z.object({ year: yearNumber, exemptions: z.array(exemptionSchema) });

/** A member's answer to a return: optional note; the evidence is uploaded before. */
export const resubmitRequestSchema = z.object({}).strict();

// ---- Review workbench ----

export const reviewQuerySchema = z.object({
  status: z.enum(['submitted', 'approved', 'rejected', 'returned', 'reversed', 'all']).optional(),
  year: yearSchema.optional(),
  item: singleLineTextSchema.max(20).optional(),
  q: singleLineTextSchema.max(50).optional(),
});

export const reviewMemberSchema = z.object({
  id: z.number().int(),
  name: singleLineTextSchema,
  username: singleLineTextSchema,
  memberType: z.enum(['practicing', 'non_practicing']),
});

export const reviewClaimSchema = claimSchema.extend({
  member: reviewMemberSchema,
  /** the Chinese label of each key of `details`, from the item's fields in the year's rule data */
  detailLabels: z.record(z.string(), singleLineTextSchema),
  /** what the rule engine would credit now: held to what the item and output caps leave */
  suggestedHours: z.number(),
  /** the most that may be granted: min(units x rate, what the item cap leaves, what the output cap leaves) */
  maxHours: z.number(),
  explanation: multiLineTextSchema,
});
export type ReviewClaim = z.infer<typeof reviewClaimSchema>;
export const reviewClaimListSchema = z.object({
  counts: z.record(z.string(), z.number()),
  claims: z.array(reviewClaimSchema),
});

export const reviewExemptionSchema = exemptionSchema.extend({
  member: reviewMemberSchema,
  effect: multiLineTextSchema,
});
export type ReviewExemption = z.infer<typeof reviewExemptionSchema>;
export const reviewExemptionListSchema = z.object({
  counts: z.record(z.string(), z.number()),
  exemptions: z.array(reviewExemptionSchema),
});

export const approveClaimRequestSchema = z.object({
  /** omitted: the computed value */
  hours: decimalHoursSchema.optional(),
  comment: multiLineTextSchema.max(500).default(''),
});
export const reviewCommentRequestSchema = z.object({
  comment: multiLineTextSchema.min(1, '请填写意见').max(500),
});
export const approveExemptionRequestSchema = z.object({ comment: multiLineTextSchema.max(500).default('') });

// ---- Messages ----

export const messageSchema = z.object({
  id: z.number().int(),
  title: singleLineTextSchema,
  body: multiLineTextSchema,
  link: singleLineTextSchema.nullable(),
  createdAt: singleLineTextSchema,
  read: z.boolean(),
});
export type Message = z.infer<typeof messageSchema>;
export const messageListSchema = z.object({ unread: z.number().int(), messages: z.array(messageSchema) });
export type MessageList = z.infer<typeof messageListSchema>;
export const unreadCountSchema = z.object({ unread: z.number().int() });
