/**
 * @cpe/rules: the continuing-education rule engine. Pure functions over plain data: no I/O, no clock.
 * Rule data (rule sets, output-hour catalogue, exemption grounds, provincial overlays) is a parameter
 * everywhere, defaulting to the built-in national defaults of docs/domain.md section 3.
 */

export { ruleDataProblems } from './checkRuleData.ts';
export { type UncertainFigure, uncertainFigures } from './confidence.ts';
export { checkDetails, type Details, detailFieldsOf, uniqueTokens } from './details.ts';
export { RuleInputError } from './errors.ts';
export { evaluate, evaluateExact, type ResolvedFacts, resolveFacts, toHours } from './evaluate.ts';
export type {
  AppliedReduction,
  ClaimFact,
  ClaimResult,
  Credited,
  Decision,
  ExemptionFact,
  FaceToFaceEntry,
  Facts,
  Member,
  OnlineEntry,
  OnlineKind,
  Requirement,
} from './facts.ts';
export {
  formatHours,
  fromHundredths,
  type Hundredths,
  scaleHundredths,
  sumHundredths,
  toHundredths,
} from './hours.ts';
export { findCatalogueItem, findExemptionGround, type RuleSetQuery, resolveRuleSet } from './lookup.ts';
export { claimRawHundredths, compareItemCodes, creditClaims, creditOne } from './output.ts';
export {
  type Forecast,
  type ForecastInput,
  forecastPlan,
  type Plan,
  type PlanInput,
  type PlanLessonInput,
  type PlannedLesson,
  type PlanRun,
  type PlanStanding,
  planStudy,
  remainingSeconds,
  type UnmetKind,
  type UnmetPart,
} from './plan.ts';
export { type ClaimPreview, type ClaimPreviewInput, previewClaim } from './preview.ts';
export {
  type ApprovedGround,
  applyEffect,
  computeRequirement,
  type ExactRequirement,
  monthsBefore,
} from './requirement.ts';
export { articleLabel } from './rulesets/catalogue.ts';
export * from './rulesets/index.ts';
export { evaluateScenario, matchesExpect, parseScenario, type Scenario } from './scenario.ts';
export * from './schema.ts';
export {
  isTimeZone,
  type StudyWindowState,
  type StudyWindowStatus,
  startOfDay,
  studyWindowState,
} from './studyWindow.ts';
export { MEMBER_TERMS, type MemberTerms } from './terms.ts';
export { multiLineTextSchema, singleLineTextSchema } from './text.ts';
export * from './types.ts';
export { isIsoDate, parseFacts } from './validate.ts';
