import { confidenceSchema, ruleDataSchema } from '@cpe/rules';
import { z } from 'zod';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

// The rule data's shape is declared once, in @cpe/rules (schema.ts); the contract publishes it as is.
export {
  catalogueItemSchema,
  exemptionGroundSchema,
  reductionEffectSchema,
  ruleDataSchema,
  ruleSetOverlaySchema as overlaySchema,
  ruleSetSchema,
  studyWindowSchema,
} from '@cpe/rules';

const yearNumber = z.number().int().min(2000).max(2100);

export const ruleVersionSchema = z.object({
  year: yearNumber,
  version: z.number().int(),
  note: multiLineTextSchema,
  publishedAt: singleLineTextSchema,
  publishedBy: singleLineTextSchema.nullable(),
  data: ruleDataSchema,
  // Figures marked L or U: what the admin should confirm.
  uncertain: z.array(
    z.object({ entry: singleLineTextSchema, field: singleLineTextSchema, confidence: confidenceSchema }),
  ),
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
