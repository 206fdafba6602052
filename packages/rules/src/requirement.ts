import { RuleInputError } from './errors.ts';
import type { AppliedReduction } from './facts.ts';
import { formatHours, type Hundredths, scaleHundredths } from './hours.ts';
import { MEMBER_TERMS } from './terms.ts';
import type { ExemptionGround, MemberType, ReductionEffect, RuleSet } from './types.ts';

/**
 * The year's minimums after the 1-July rule and approved exemptions (docs/domain.md 3.3).
 *
 * Reductions do not stack: each applicable one is worked out from the full requirement and the most
 * favourable result (smallest total, then smallest ethics, then smallest face-to-face minimum) is
 * used. Stacking "halve" on "reduce to 20" would give figures no rule states; taking the best one
 * gives every member at least what any single ground promises.
 */

export interface ExactRequirement {
  total: Hundredths;
  ethics: Hundredths;
  faceToFace: Hundredths;
}

export interface ApprovedGround {
  ground: ExemptionGround;
  months?: number;
}

export interface RequirementOutcome {
  requirement: ExactRequirement;
  reduction: AppliedReduction | null;
  reasons: string[];
}

interface Candidate extends AppliedReduction {
  requirement: ExactRequirement;
  reason: string;
}

const ZERO: ExactRequirement = { total: 0, ethics: 0, faceToFace: 0 };

export function computeRequirement(
  ruleSet: RuleSet,
  member: { type: MemberType; registeredOn: string },
  grounds: ApprovedGround[],
): RequirementOutcome {
  const terms = MEMBER_TERMS[member.type];
  const base: ExactRequirement = {
    total: ruleSet.minimumTotal,
    ethics: ruleSet.ethicsMinimum,
    faceToFace: ruleSet.faceToFaceMinimum ?? 0,
  };
  const joinedYear = Number(member.registeredOn.slice(0, 4));
  if (joinedYear > ruleSet.year) {
    return {
      requirement: ZERO,
      reduction: { source: 'registration', effect: { kind: 'exempt' } },
      reasons: [`${member.registeredOn} ${terms.joined}，${ruleSet.year} 年度无学时要求`],
    };
  }

  const candidates: Candidate[] = [];
  const midYear = ruleSet.midYearReduction;
  if (midYear && joinedYear === ruleSet.year && member.registeredOn.slice(5) >= midYear.cutoff) {
    const requirement = applyEffect(base, midYear.effect, monthsBefore(member.registeredOn));
    const prefix = `因 ${member.registeredOn} ${terms.joined}，`;
    candidates.push({ source: 'registration', effect: midYear.effect, requirement, reason: prefix });
  }
  // Canonical order (by ground code, each once) so the outcome does not depend on input order.
  const unique = [...new Map(grounds.map((g) => [g.ground.code, g])).values()];
  unique.sort((a, b) => a.ground.code.localeCompare(b.ground.code));
  for (const { ground, months } of unique) {
    if (ground.effect.kind === 'proRataMonths' && months === undefined) {
      throw new RuleInputError(`${ground.label}${terms.exemption}按月折算，需要填写 months（影响的月数）`);
    }
    const requirement = applyEffect(base, ground.effect, months ?? 12);
    const prefix = `已获${ground.label}${terms.exemption}，`;
    candidates.push({ source: ground.code, effect: ground.effect, requirement, reason: prefix });
  }
  for (const c of candidates) c.reason += describeEffect(c.effect, c.requirement);

  const best = candidates.reduce<Candidate | undefined>(
    (acc, c) => (acc === undefined || lighter(c.requirement, acc.requirement) ? c : acc),
    undefined,
  );
  if (!best) return { requirement: base, reduction: null, reasons: [] };
  const reasons = [best.reason];
  const others = candidates.filter((c) => c !== best);
  if (others.length > 0) {
    reasons.push(
      `同时适用的其他减免不叠加，按最有利的一项计算（另有：${others.map((o) => o.reason).join('；')}）`,
    );
  }
  return { requirement: best.requirement, reduction: { source: best.source, effect: best.effect }, reasons };
}

function lighter(a: ExactRequirement, b: ExactRequirement): boolean {
  if (a.total !== b.total) return a.total < b.total;
  if (a.ethics !== b.ethics) return a.ethics < b.ethics;
  return a.faceToFace < b.faceToFace;
}

/**
 * Months of the year before the member joined. A month joined on its first day counts as a
 * member's month; one joined later in the month does not (the member gets the benefit).
 */
export function monthsBefore(date: string): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return month - 1 + (day > 1 ? 1 : 0);
}

/** One effect on the full requirement; coveredMonths matters only for proRataMonths. */
export function applyEffect(
  base: ExactRequirement,
  effect: ReductionEffect,
  coveredMonths: number,
): ExactRequirement {
  switch (effect.kind) {
    case 'exempt':
      return { ...ZERO };
    case 'halve':
      return scaleAll(base, 1, 2);
    case 'reduceTo':
      return scaleAll(base, Math.min(base.total, Math.max(0, effect.to)), base.total);
    case 'reduceBy':
      return scaleAll(base, Math.max(0, base.total - effect.by), base.total);
    case 'proRataMonths':
      return scaleAll(base, 12 - Math.min(12, Math.max(0, coveredMonths)), 12);
  }
}

function scaleAll(base: ExactRequirement, numerator: number, denominator: number): ExactRequirement {
  return {
    total: scaleHundredths(base.total, numerator, denominator),
    ethics: scaleHundredths(base.ethics, numerator, denominator),
    faceToFace: scaleHundredths(base.faceToFace, numerator, denominator),
  };
}

function describeEffect(effect: ReductionEffect, result: ExactRequirement): string {
  switch (effect.kind) {
    case 'exempt':
      return '本年度免于学时要求';
    case 'halve':
      return '本年度学时要求减半';
    case 'reduceTo':
      return `本年度学时要求减为 ${formatHours(result.total)} 学时`;
    case 'reduceBy':
      return `本年度学时要求减少 ${formatHours(effect.by)} 学时`;
    case 'proRataMonths':
      return `本年度学时要求按月折算为 ${formatHours(result.total)} 学时`;
  }
}
