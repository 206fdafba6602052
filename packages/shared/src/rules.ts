import { z } from 'zod';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

// The rule data as the national admin publishes it. Mirrors @cpe/rules' RuleData; hour figures are
// integer hundredths (40 学时 = 4000).
const hundredths = z.number().int().min(0).max(1_000_000);
const memberType = z.enum(['practicing', 'non_practicing']);
const confidence = z.enum(['H', 'M', 'L', 'U']);
const yearNumber = z.number().int().min(2000).max(2100);

export const reductionEffectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exempt') }),
  z.object({ kind: z.literal('halve') }),
  z.object({ kind: z.literal('reduceTo'), to: hundredths }),
  z.object({ kind: z.literal('reduceBy'), by: hundredths }),
  z.object({ kind: z.literal('proRataMonths') }),
]);

const figures = {
  timeZone: singleLineTextSchema.min(1),
  minimumTotal: hundredths,
  ethicsMinimum: hundredths,
  onlineCap: hundredths.nullable(),
  faceToFaceMinimum: hundredths.nullable(),
  outputCap: hundredths.nullable(),
  carryOver: z.boolean(),
  feeRequired: z.boolean(),
  defaultFeeFen: z.number().int().min(0).nullable(),
  minutesPerHour: z.number().int().min(1).max(120),
  oneInstitutePerYear: z.boolean(),
  requiredBeforeElective: z.boolean(),
  evaluationRequired: z.boolean(),
  midYearReduction: z
    .object({
      cutoff: singleLineTextSchema.regex(/^\d{2}-\d{2}$/, '格式应为 MM-DD'),
      effect: reductionEffectSchema,
    })
    .nullable(),
};

export const ruleSetSchema = z.object({
  year: yearNumber,
  memberType,
  version: z.number().int().min(1),
  ...figures,
  confidence: z.record(singleLineTextSchema, confidence),
});

export const catalogueItemSchema = z.object({
  code: singleLineTextSchema.regex(/^(18|9)-\d{1,2}[ab]?$/, '项目代码格式应为 18-9b 或 9-3a'),
  article: singleLineTextSchema.min(1),
  version: z.number().int().min(1),
  memberTypes: z.array(memberType).min(1),
  description: multiLineTextSchema.min(1).max(500),
  unit: z.enum([
    'hour',
    'item',
    'day',
    'meeting',
    'session',
    'char50k',
    'article',
    'degree',
    'qualification',
  ]),
  rate: hundredths,
  yearlyCap: hundredths,
  evidence: z.array(singleLineTextSchema.min(1)),
  activeFrom: yearNumber,
  activeTo: yearNumber.nullable(),
  confidence: z.object({ activity: confidence, figures: confidence }),
});

export const exemptionGroundSchema = z.object({
  code: z.enum(['abroad', 'maternity', 'illness']),
  version: z.number().int().min(1),
  label: singleLineTextSchema.min(1),
  description: multiLineTextSchema.min(1),
  article: z.record(singleLineTextSchema, singleLineTextSchema),
  memberTypes: z.array(memberType).min(1),
  effect: reductionEffectSchema,
  evidence: z.array(singleLineTextSchema),
  activeFrom: yearNumber,
  activeTo: yearNumber.nullable(),
  confidence: z.record(singleLineTextSchema, confidence),
});

export const overlaySchema = z.object({
  province: singleLineTextSchema.min(1),
  name: singleLineTextSchema.min(1),
  version: z.number().int().min(1),
  memberTypes: z.array(memberType).min(1),
  activeFrom: yearNumber,
  activeTo: yearNumber.nullable(),
  patch: z.object(figures).partial(),
  confidence: z.record(singleLineTextSchema, confidence),
});

export const ruleDataSchema = z.object({
  ruleSets: z.array(ruleSetSchema).min(1),
  catalogue: z.array(catalogueItemSchema),
  exemptionGrounds: z.array(exemptionGroundSchema),
  overlays: z.array(overlaySchema),
});

export const ruleVersionSchema = z.object({
  year: yearNumber,
  version: z.number().int(),
  note: multiLineTextSchema,
  publishedAt: singleLineTextSchema,
  publishedBy: singleLineTextSchema.nullable(),
  data: ruleDataSchema,
  // Figures marked L or U: what the admin should confirm.
  uncertain: z.array(z.object({ entry: singleLineTextSchema, field: singleLineTextSchema, confidence })),
});

export const ruleVersionSummarySchema = ruleVersionSchema.pick({
  year: true,
  version: true,
  note: true,
  publishedAt: true,
  publishedBy: true,
});

export const publishRulesSchema = z.object({
  /** The version the admin edited; publishing fails if someone published in between. */
  basedOnVersion: z.number().int().min(1),
  note: multiLineTextSchema.trim().min(2, '请说明本次更正的内容').max(500),
  data: ruleDataSchema,
});
export type PublishRulesRequest = z.infer<typeof publishRulesSchema>;
