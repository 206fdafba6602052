import { z } from 'zod';
import { singleLineTextSchema as line, multiLineTextSchema as text } from './text.ts';

/**
 * The rule data's shape, declared once: the engine's types are inferred from these schemas and the
 * API contract (@cpe/shared) publishes rule data through them. Every hour figure is an integer count of
 * hundredths (40 学时 = 4000) so it fits an integer column. Messages name the field in Chinese; checks
 * that need more than one field or the year (real dates, time zones, minimums against the total) are in
 * checkRuleData.ts.
 */

const hundredths = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数（以百分之一学时计）`)
    .min(0, `${label}不能为负数`)
    .max(1_000_000, `${label}过大`);
const yearNumber = (label: string) =>
  z
    .number({ error: `${label}应为年份` })
    .int(`${label}应为年份`)
    .min(2000, `${label}不能早于 2000 年`)
    .max(2100, `${label}不能晚于 2100 年`);
const version = z.number().int('版本号应为整数').min(1, '版本号应从 1 开始');

export const memberTypeSchema = z.enum(['practicing', 'non_practicing']);
export type MemberType = z.infer<typeof memberTypeSchema>;
export const MEMBER_TYPES: readonly MemberType[] = memberTypeSchema.options;

/** H = two sources agree; M = one source or clear OCR; L = best reading of garbled OCR; U = unknown. */
export const confidenceSchema = z.enum(['H', 'M', 'L', 'U']);
export type Confidence = z.infer<typeof confidenceSchema>;

/** How a ground or the mid-year rule changes the year's minimums. */
export const reductionEffectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exempt') }),
  z.object({ kind: z.literal('halve') }),
  /** total held to at most `to`; the ethics and face-to-face minimums shrink in the same ratio */
  z.object({ kind: z.literal('reduceTo'), to: hundredths('减免后的学时') }),
  /** total lowered by `by`; the ethics and face-to-face minimums shrink in the same ratio */
  z.object({ kind: z.literal('reduceBy'), by: hundredths('减少的学时') }),
  /** every minimum × (months the member is liable) / 12 */
  z.object({ kind: z.literal('proRataMonths') }),
]);
export type ReductionEffect = z.infer<typeof reductionEffectSchema>;

export const midYearReductionSchema = z.object({
  /** 'MM-DD': a member registered (admitted) on or after this day of the year gets `effect` */
  cutoff: line.regex(/^\d{2}-\d{2}$/, '年中入会的起算日格式应为 MM-DD'),
  effect: reductionEffectSchema,
});
export type MidYearReduction = z.infer<typeof midYearReductionSchema>;

/**
 * When the lessons of the year can be watched and evaluated: from the start of `opens` to the end of
 * `closes` (both 'YYYY-MM-DD', inclusive, in the rule set's time zone).
 */
export const studyWindowSchema = z.object({
  opens: line.regex(/^\d{4}-\d{2}-\d{2}$/, '学习开始日期格式应为 YYYY-MM-DD'),
  closes: line.regex(/^\d{4}-\d{2}-\d{2}$/, '学习截止日期格式应为 YYYY-MM-DD'),
});
export type StudyWindow = z.infer<typeof studyWindowSchema>;

/** The figures of a rule set: what overlays may patch and what the confidence map describes. */
export const ruleSetFiguresSchema = z.object({
  timeZone: line.min(1, '时区不能为空'),
  minimumTotal: hundredths('年度最低学时'),
  ethicsMinimum: hundredths('职业道德最低学时'),
  /** online hours that count at most; null = no cap */
  onlineCap: hundredths('网络学时上限').nullable(),
  /** null (or 0) = no face-to-face minimum; provinces may set one through an overlay */
  faceToFaceMinimum: hundredths('面授最低学时').nullable(),
  /** output-method hours that count at most; null = no cap */
  outputCap: hundredths('产出式学时上限').nullable(),
  carryOver: z.boolean(),
  feeRequired: z.boolean(),
  /** yearly learning fee in fen when the institute sets none; null when no fee is required */
  defaultFeeFen: z
    .number({ error: '默认学习费用应为数字' })
    .int('默认学习费用应为整数（以分计）')
    .min(0, '默认学习费用不能为负数')
    .nullable(),
  /** minutes of video that make one 学时 */
  minutesPerHour: z
    .number({ error: '每学时分钟数应为数字' })
    .int('每学时分钟数应为整数')
    .min(1, '每学时分钟数至少为 1')
    .max(120, '每学时分钟数不能超过 120'),
  oneInstitutePerYear: z.boolean(),
  requiredBeforeElective: z.boolean(),
  evaluationRequired: z.boolean(),
  midYearReduction: midYearReductionSchema.nullable(),
  studyWindow: studyWindowSchema,
});
export type RuleSetFigures = z.infer<typeof ruleSetFiguresSchema>;

export const confidenceKeySchema = z.enum([
  ...ruleSetFiguresSchema.keyof().options,
  'midYearReduction.cutoff',
  'midYearReduction.effect',
]);
export type ConfidenceKey = z.infer<typeof confidenceKeySchema>;
const figureConfidence = z.partialRecord(confidenceKeySchema, confidenceSchema);

export const ruleSetSchema = z.object({
  year: yearNumber('规则年度'),
  memberType: memberTypeSchema,
  /** bumped whenever a figure changes; decisions record it */
  version,
  ...ruleSetFiguresSchema.shape,
  /** how sure we are of each figure, so an admin knows what to confirm */
  confidence: figureConfidence,
});
export type RuleSet = z.infer<typeof ruleSetSchema>;

export const outputUnitSchema = z.enum([
  'hour',
  'item',
  'day',
  'meeting',
  'session',
  'char50k',
  'article',
  'degree',
  'qualification',
]);
export type OutputUnit = z.infer<typeof outputUnitSchema>;

/** One detail a claim of a catalogue item must give (the claim form is built from these). */
export const detailFieldSchema = z.object({
  /** the key in the claim's `details`, e.g. 'title', 'journal', 'publishedOn' */
  key: line.regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, '明细字段名应为英文字母开头的字母数字'),
  label: line.min(1).max(40),
  /** text: one line; date: YYYY-MM-DD; number: a positive number; isbn: an ISBN-10/13 */
  kind: z.enum(['text', 'date', 'number', 'isbn']),
  required: z.boolean(),
  /** the same value twice (normalised) in two of a member's claims is a duplicate */
  unique: z.boolean().optional(),
});
export type DetailField = z.infer<typeof detailFieldSchema>;

export const catalogueItemSchema = z.object({
  /** '18-9a' for 第十八条第（九）项 a; '9-3b' for 第九条第（三）项 b */
  code: line.regex(/^(18|9)-\d{1,2}[ab]?$/, '项目代码格式应为 18-9b 或 9-3a'),
  /** the article reference as shown to people, e.g. '第十八条（九）b 项' */
  article: line.min(1),
  version,
  memberTypes: z.array(memberTypeSchema).min(1),
  description: text.min(1).max(500),
  unit: outputUnitSchema,
  /** hours credited per unit */
  rate: hundredths('产出项目的折算学时'),
  /** at most this many hours of the item count in one year */
  yearlyCap: hundredths('产出项目的年度上限'),
  evidence: z.array(line.min(1)),
  /** the details a claim gives; absent in rule data published before they were declared */
  fields: z.array(detailFieldSchema).max(12).optional(),
  activeFrom: yearNumber('起始年度'),
  activeTo: yearNumber('终止年度').nullable(),
  /** activity: our reading of what the item covers; figures: its rate and cap */
  confidence: z.object({ activity: confidenceSchema, figures: confidenceSchema }),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const exemptionGroundCodeSchema = z.enum(['abroad', 'maternity', 'illness']);
export type ExemptionGroundCode = z.infer<typeof exemptionGroundCodeSchema>;

export const exemptionGroundSchema = z.object({
  code: exemptionGroundCodeSchema,
  version,
  /** short label used in sentences: 已获{label}豁免 */
  label: line.min(1),
  description: text.min(1),
  /** 第二十条 for practicing members (豁免), 第十一条 for non-practicing members (减免) */
  article: z.partialRecord(memberTypeSchema, line),
  memberTypes: z.array(memberTypeSchema).min(1),
  effect: reductionEffectSchema,
  evidence: z.array(line),
  activeFrom: yearNumber('起始年度'),
  activeTo: yearNumber('终止年度').nullable(),
  confidence: z.partialRecord(memberTypeSchema, confidenceSchema),
});
export type ExemptionGround = z.infer<typeof exemptionGroundSchema>;

/** A provincial patch on top of the national rule set. */
export const ruleSetOverlaySchema = z.object({
  /** province code, e.g. '44'; example data uses a code no real member has */
  province: line.min(1),
  name: line.min(1),
  version,
  memberTypes: z.array(memberTypeSchema).min(1),
  activeFrom: yearNumber('起始年度'),
  /** last year it applies; null = open-ended */
  activeTo: yearNumber('终止年度').nullable(),
  patch: ruleSetFiguresSchema.partial(),
  confidence: figureConfidence,
});
export type RuleSetOverlay = z.infer<typeof ruleSetOverlaySchema>;

export const ruleDataSchema = z.object({
  ruleSets: z.array(ruleSetSchema).min(1, '至少需要一个规则'),
  catalogue: z.array(catalogueItemSchema),
  exemptionGrounds: z.array(exemptionGroundSchema),
  overlays: z.array(ruleSetOverlaySchema),
});
export type RuleData = z.infer<typeof ruleDataSchema>;
