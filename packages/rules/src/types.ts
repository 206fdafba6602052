/**
 * Rule data: everything the engine knows about a year's rules, as plain JSON-serialisable objects.
 * The shapes are declared once, as zod schemas in schema.ts; these are the types inferred from them.
 */

import type { RuleSet } from './schema.ts';

export {
  type CatalogueItem,
  type Confidence,
  type ConfidenceKey,
  type DetailField,
  type ExemptionGround,
  type ExemptionGroundCode,
  MEMBER_TYPES,
  type MemberType,
  type MidYearReduction,
  type OutputUnit,
  type ReductionEffect,
  type RuleData,
  type RuleSet,
  type RuleSetFigures,
  type RuleSetOverlay,
  type StudyWindow,
} from './schema.ts';

/** A rule set with the provincial overlay (if any) already applied. */
export interface ResolvedRuleSet extends RuleSet {
  province: string | null;
  overlay: { province: string; version: number } | null;
}
