import { RuleInputError } from './errors.ts';
import type { Decision, Facts } from './facts.ts';
import { fromHundredths, type Hundredths, sumHundredths, toHundredths } from './hours.ts';
import { findCatalogueItem, findExemptionGround, resolveRuleSet } from './lookup.ts';
import { claimRawHundredths, creditClaims } from './output.ts';
import {
  itemCapReasons,
  onlineCapReason,
  outputCapReason,
  pendingReason,
  verdictReasons,
} from './reasons.ts';
import { type ApprovedGround, computeRequirement, type ExactRequirement } from './requirement.ts';
import { DEFAULT_RULE_DATA } from './rulesets/index.ts';
import { MEMBER_TERMS } from './terms.ts';
import type { CatalogueItem, ResolvedRuleSet, RuleData } from './types.ts';
import { parseFacts } from './validate.ts';

/** Facts matched against the rule data: the rule set, each claim's item, each exemption's ground. */
export interface ResolvedFacts {
  facts: Facts;
  ruleSet: ResolvedRuleSet;
  claims: { item: CatalogueItem; units: number; granted?: Hundredths }[];
  grounds: ApprovedGround[];
}

/** Rethrows a lookup failure with the field it came from, so the one line says where. */
function at<T>(field: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof RuleInputError) throw new RuleInputError(`${field}：${error.message}`);
    throw error;
  }
}

/** Validates the facts (see parseFacts) and looks up everything they name; throws RuleInputError. */
export function resolveFacts(input: unknown, data: RuleData = DEFAULT_RULE_DATA): ResolvedFacts {
  const facts = parseFacts(input);
  const { year, member } = facts;
  const ruleSet = at('year', () =>
    resolveRuleSet(data, { year, memberType: member.type, province: member.province ?? null }),
  );
  const claims = facts.claims.map((c, i) => {
    const item = at(`claims[${i}].item`, () => findCatalogueItem(data.catalogue, c.item, member.type, year));
    claimRawHundredths(item, c.units, `claims[${i}].units`); // refuses half an article before any counting
    if (c.hours === undefined) return { item, units: c.units };
    const granted = toHundredths(c.hours, `claims[${i}].hours`);
    if (granted < 0) throw new RuleInputError(`claims[${i}].hours 不能为负数：${c.hours}`);
    return { item, units: c.units, granted };
  });
  const grounds = facts.exemptions.map((e, i) => ({
    ground: at(`exemptions[${i}].ground`, () =>
      findExemptionGround(data.exemptionGrounds, e.ground, member.type, year),
    ),
    ...(e.months === undefined ? {} : { months: e.months }),
  }));
  return { facts, ruleSet, claims, grounds };
}

const sum = (hours: number[]): Hundredths => sumHundredths(hours.map((h) => toHundredths(h)));

/** The decision with every figure in integer hundredths (unit: 'hundredths'), for the ledger. */
export function evaluateExact(input: Facts, data: RuleData = DEFAULT_RULE_DATA): Decision {
  const { facts, ruleSet, claims, grounds } = resolveFacts(input, data);
  const terms = MEMBER_TERMS[facts.member.type];
  const reasons: string[] = [];

  const outcome = computeRequirement(ruleSet, facts.member, grounds);
  const requirement = outcome.requirement;
  reasons.push(...outcome.reasons);

  const onlineStudied = sum(facts.online.map((e) => e.hours));
  const online = ruleSet.onlineCap === null ? onlineStudied : Math.min(onlineStudied, ruleSet.onlineCap);
  if (ruleSet.onlineCap !== null && onlineStudied > online) {
    reasons.push(onlineCapReason(ruleSet.onlineCap, onlineStudied - online));
  }
  // Required courses come first in the workflow, so they fill the cap first.
  const onlineRequired = Math.min(
    online,
    sum(facts.online.filter((e) => e.kind === 'required').map((e) => e.hours)),
  );
  const faceToFace = sum(facts.faceToFace.map((e) => e.hours));
  // Ethics is content, not a bucket: every ethics hour counts toward it, even above the online cap.
  const ethics = sum([...facts.online, ...facts.faceToFace].filter((e) => e.ethics).map((e) => e.hours));

  const output = creditClaims(claims, ruleSet.outputCap);
  reasons.push(...itemCapReasons(output));
  if (ruleSet.outputCap !== null && output.outputCut > 0) {
    reasons.push(outputCapReason(terms, ruleSet.outputCap, output.outputCut));
  }

  const total = online + faceToFace + output.output;
  const shortfall: ExactRequirement = {
    total: Math.max(0, requirement.total - total),
    ethics: Math.max(0, requirement.ethics - ethics),
    faceToFace: Math.max(0, requirement.faceToFace - faceToFace),
  };
  const pending = { online: sum([facts.pending?.online ?? 0]), claims: sum([facts.pending?.claims ?? 0]) };
  const pendingLine = pendingReason(pending.online, pending.claims);
  if (pendingLine) reasons.push(pendingLine);
  reasons.push(...verdictReasons(requirement, shortfall));

  const hasFaceToFaceMinimum = (ruleSet.faceToFaceMinimum ?? 0) > 0;
  const publicRequirement = (r: ExactRequirement) => ({
    total: r.total,
    ethics: r.ethics,
    ...(hasFaceToFaceMinimum ? { faceToFace: r.faceToFace } : {}),
  });
  return {
    unit: 'hundredths',
    year: facts.year,
    memberType: facts.member.type,
    province: ruleSet.province,
    ruleSetVersion: ruleSet.version,
    overlay: ruleSet.overlay,
    requirement: publicRequirement(requirement),
    credited: {
      total,
      online,
      onlineRequired,
      onlineElective: online - onlineRequired,
      onlineStudied,
      faceToFace,
      output: output.output,
      ethics,
    },
    pending,
    compliant: shortfall.total === 0 && shortfall.ethics === 0 && shortfall.faceToFace === 0,
    shortfall: publicRequirement(shortfall),
    reasons,
    claims: output.claims.map((c) => ({
      item: c.item.code,
      units: c.units,
      itemVersion: c.item.version,
      raw: c.raw,
      credited: c.credited,
      cutByItemCap: c.cutByItemCap,
      cutByOutputCap: c.cutByOutputCap,
    })),
    reduction: outcome.reduction,
  };
}

/** The decision with every figure in hours (at most two decimals): the public shape. */
export function evaluate(facts: Facts, data: RuleData = DEFAULT_RULE_DATA): Decision {
  return toHours(evaluateExact(facts, data));
}

/** Converts a hundredths decision to hours; a decision already in hours is returned as is. */
export function toHours(decision: Decision): Decision {
  if (decision.unit === 'hours') return decision;
  const h = fromHundredths;
  const requirementInHours = (r: Decision['requirement']) => ({
    total: h(r.total),
    ethics: h(r.ethics),
    ...(r.faceToFace === undefined ? {} : { faceToFace: h(r.faceToFace) }),
  });
  const c = decision.credited;
  return {
    ...decision,
    unit: 'hours',
    requirement: requirementInHours(decision.requirement),
    credited: {
      total: h(c.total),
      online: h(c.online),
      onlineRequired: h(c.onlineRequired),
      onlineElective: h(c.onlineElective),
      onlineStudied: h(c.onlineStudied),
      faceToFace: h(c.faceToFace),
      output: h(c.output),
      ethics: h(c.ethics),
    },
    pending: { online: h(decision.pending.online), claims: h(decision.pending.claims) },
    shortfall: requirementInHours(decision.shortfall),
    claims: decision.claims.map((claim) => ({
      ...claim,
      raw: h(claim.raw),
      credited: h(claim.credited),
      cutByItemCap: h(claim.cutByItemCap),
      cutByOutputCap: h(claim.cutByOutputCap),
    })),
  };
}
