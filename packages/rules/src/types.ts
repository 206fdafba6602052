import type { Hundredths } from './hours.ts';

/**
 * Rule data: everything the engine knows about a year's rules, as plain JSON-serialisable objects.
 * Every hour figure is an integer count of hundredths (40 学时 = 4000) so it fits an integer column.
 */

export type MemberType = 'practicing' | 'non_practicing';
export const MEMBER_TYPES: readonly MemberType[] = ['practicing', 'non_practicing'];

/** H = two sources agree; M = one source or clear OCR; L = best reading of garbled OCR; U = unknown. */
export type Confidence = 'H' | 'M' | 'L' | 'U';

/** How a ground or the mid-year rule changes the year's minimums. */
export type ReductionEffect =
  | { kind: 'exempt' }
  | { kind: 'halve' }
  /** total held to at most `to`; the ethics and face-to-face minimums shrink in the same ratio */
  | { kind: 'reduceTo'; to: Hundredths }
  /** total lowered by `by`; the ethics and face-to-face minimums shrink in the same ratio */
  | { kind: 'reduceBy'; by: Hundredths }
  /** every minimum × (months the member is liable) / 12 */
  | { kind: 'proRataMonths' };

export interface MidYearReduction {
  /** 'MM-DD': a member registered (admitted) on or after this day of the year gets `effect` */
  cutoff: string;
  effect: ReductionEffect;
}

export interface RuleSet {
  year: number;
  memberType: MemberType;
  /** bumped whenever a figure changes; decisions record it */
  version: number;
  timeZone: string;
  minimumTotal: Hundredths;
  ethicsMinimum: Hundredths;
  /** online hours that count at most; null = no cap */
  onlineCap: Hundredths | null;
  /** null (or 0) = no face-to-face minimum; provinces may set one through an overlay */
  faceToFaceMinimum: Hundredths | null;
  /** output-method hours that count at most; null = no cap */
  outputCap: Hundredths | null;
  carryOver: boolean;
  feeRequired: boolean;
  /** yearly learning fee in fen when the institute sets none; null when no fee is required */
  defaultFeeFen: number | null;
  /** minutes of video that make one 学时 */
  minutesPerHour: number;
  oneInstitutePerYear: boolean;
  requiredBeforeElective: boolean;
  evaluationRequired: boolean;
  midYearReduction: MidYearReduction | null;
  /** how sure we are of each figure, so an admin knows what to confirm */
  confidence: Partial<Record<ConfidenceKey, Confidence>>;
}

/** The figures of a rule set: what overlays may patch and what the confidence map describes. */
export type RuleSetFigures = Omit<RuleSet, 'year' | 'memberType' | 'version' | 'confidence'>;
export type ConfidenceKey = keyof RuleSetFigures | 'midYearReduction.cutoff' | 'midYearReduction.effect';

/** A provincial patch on top of the national rule set. */
export interface RuleSetOverlay {
  /** province code, e.g. '44'; example data uses a code no real member has */
  province: string;
  name: string;
  version: number;
  memberTypes: MemberType[];
  activeFrom: number;
  /** last year it applies; null = open-ended */
  activeTo: number | null;
  patch: Partial<RuleSetFigures>;
  confidence: Partial<Record<ConfidenceKey, Confidence>>;
}

/** A rule set with the provincial overlay (if any) already applied. */
export interface ResolvedRuleSet extends RuleSet {
  province: string | null;
  overlay: { province: string; version: number } | null;
}

export type OutputUnit =
  | 'hour'
  | 'item'
  | 'day'
  | 'meeting'
  | 'session'
  | 'char50k'
  | 'article'
  | 'degree'
  | 'qualification';

export interface CatalogueItem {
  /** '18-9a' for 第十八条第（九）项 a; '9-3b' for 第九条第（三）项 b */
  code: string;
  /** the article reference as shown to people, e.g. '第十八条（九）b 项' */
  article: string;
  version: number;
  memberTypes: MemberType[];
  description: string;
  unit: OutputUnit;
  /** hours credited per unit */
  rate: Hundredths;
  /** at most this many hours of the item count in one year */
  yearlyCap: Hundredths;
  evidence: string[];
  activeFrom: number;
  activeTo: number | null;
  /** activity: our reading of what the item covers; figures: its rate and cap */
  confidence: { activity: Confidence; figures: Confidence };
}

export type ExemptionGroundCode = 'abroad' | 'maternity' | 'illness';

export interface ExemptionGround {
  code: ExemptionGroundCode;
  version: number;
  /** short label used in sentences: 已获{label}豁免 */
  label: string;
  description: string;
  /** 第二十条 for practicing members (豁免), 第十一条 for non-practicing members (减免) */
  article: Partial<Record<MemberType, string>>;
  memberTypes: MemberType[];
  effect: ReductionEffect;
  evidence: string[];
  activeFrom: number;
  activeTo: number | null;
  confidence: Partial<Record<MemberType, Confidence>>;
}

export interface RuleData {
  ruleSets: RuleSet[];
  catalogue: CatalogueItem[];
  exemptionGrounds: ExemptionGround[];
  overlays: RuleSetOverlay[];
}
