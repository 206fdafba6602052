import type { ExemptionGroundCode, MemberType, ReductionEffect } from './types.ts';

/**
 * The engine's input (facts about one member-year) and output (a decision). Facts carry hours as
 * decimal numbers with at most two decimals, as people and the scenarios write them.
 */

export type OnlineKind = 'required' | 'elective';

export interface OnlineEntry {
  hours: number;
  kind: OnlineKind;
  ethics: boolean;
}

export interface FaceToFaceEntry {
  hours: number;
  ethics: boolean;
}

/** An approved output-hour claim: catalogue code and units (articles, days, 50,000 characters...). */
export interface ClaimFact {
  item: string;
  units: number;
  /**
   * the hours the reviewer granted, when the claim is approved: they replace units × rate (a reviewer
   * may grant less), and the item and output caps still apply on top
   */
  hours?: number;
}

export interface ExemptionFact {
  ground: ExemptionGroundCode;
  /** months of the year the ground covered; needed only when the ground's effect is proRataMonths */
  months?: number;
}

export interface Member {
  type: MemberType;
  /** registration (practicing) or admission (non-practicing) date, YYYY-MM-DD */
  registeredOn: string;
  /** province code; selects a provincial overlay when one exists */
  province?: string | null;
}

export interface Facts {
  year: number;
  member: Member;
  online: OnlineEntry[];
  faceToFace: FaceToFaceEntry[];
  claims: ClaimFact[];
  exemptions: ExemptionFact[];
  /** studied but not yet through the daily sync; claims still under review */
  pending?: { online?: number; claims?: number };
}

export interface Requirement {
  total: number;
  ethics: number;
  /** present only when the rule set has a face-to-face minimum */
  faceToFace?: number;
}

export interface Credited {
  /** online + faceToFace + output, each already held to its cap */
  total: number;
  /** online hours that count (held to the online cap) */
  online: number;
  /** the counted online hours split by kind; required hours fill the cap first */
  onlineRequired: number;
  onlineElective: number;
  /** every online hour studied, before the cap */
  onlineStudied: number;
  faceToFace: number;
  /** output hours that count (each item held to its cap, then the total to the output cap) */
  output: number;
  /** every ethics-tagged online or face-to-face hour, even above the online cap */
  ethics: number;
}

export interface ClaimResult {
  item: string;
  units: number;
  itemVersion: number;
  /** units × rate */
  raw: number;
  credited: number;
  cutByItemCap: number;
  cutByOutputCap: number;
}

export interface AppliedReduction {
  /** 'registration' for the 1-July rule, otherwise the exemption ground */
  source: 'registration' | ExemptionGroundCode;
  effect: ReductionEffect;
}

export interface Decision {
  /** 'hours' from evaluate(), 'hundredths' (integers) from evaluateExact() */
  unit: 'hours' | 'hundredths';
  year: number;
  memberType: MemberType;
  province: string | null;
  ruleSetVersion: number;
  overlay: { province: string; version: number } | null;
  requirement: Requirement;
  credited: Credited;
  pending: { online: number; claims: number };
  compliant: boolean;
  shortfall: Requirement;
  /** why, in plain Chinese, one line each */
  reasons: string[];
  /** one line per input claim, in input order */
  claims: ClaimResult[];
  /** the reduction that set the requirement (the most favourable one), or null */
  reduction: AppliedReduction | null;
}
