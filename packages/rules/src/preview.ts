import { RuleInputError } from './errors.ts';
import { formatHours, fromHundredths, toHundredths } from './hours.ts';
import { findCatalogueItem } from './lookup.ts';
import { claimRawHundredths, creditOne } from './output.ts';
import { OUTPUT_UNITS } from './rulesets/catalogue.ts';
import { DEFAULT_RULE_DATA } from './rulesets/index.ts';
import { MEMBER_TERMS } from './terms.ts';
import type { CatalogueItem, RuleSet } from './types.ts';

/** What the claim form knows: the item, the units, and what is already counted this year (hours). */
export interface ClaimPreviewInput {
  item: string;
  units: number;
  /** hours already credited this year under the same item */
  alreadyCreditedItem?: number;
  /** output hours already credited this year, all items together */
  alreadyCreditedOutput?: number;
}

/** All figures in hours. */
export interface ClaimPreview {
  item: string;
  itemVersion: number;
  article: string;
  /** 每篇 8 学时 */
  rateLabel: string;
  raw: number;
  credited: number;
  cutByItemCap: number;
  cutByOutputCap: number;
  itemCap: number;
  outputCap: number | null;
  /** output hours of the year if the claim is approved, the screen's `28学时/32学时` */
  outputAfter: number;
  explanation: string;
}

function alreadyCredited(value: number | undefined, field: string): number {
  const hundredths = toHundredths(value ?? 0, field);
  if (hundredths < 0) throw new RuleInputError(`${field} 不能为负数：${value}`);
  return hundredths;
}

/**
 * What one claim would be worth if approved, for the claim form: the same arithmetic as evaluate(),
 * with a Chinese explanation of every cut.
 */
export function previewClaim(
  input: ClaimPreviewInput,
  ruleSet: Pick<RuleSet, 'year' | 'memberType' | 'outputCap'>,
  catalogue: readonly CatalogueItem[] = DEFAULT_RULE_DATA.catalogue,
): ClaimPreview {
  const item = findCatalogueItem(catalogue, input.item, ruleSet.memberType, ruleSet.year);
  const raw = claimRawHundredths(item, input.units);
  const itemUsed = alreadyCredited(input.alreadyCreditedItem, 'alreadyCreditedItem');
  const outputUsed = alreadyCredited(input.alreadyCreditedOutput, 'alreadyCreditedOutput');
  const result = creditOne(
    raw,
    { used: itemUsed, cap: item.yearlyCap },
    { used: outputUsed, cap: ruleSet.outputCap },
  );

  const f = formatHours;
  const rateLabel = `${OUTPUT_UNITS[item.unit].label} ${f(item.rate)} 学时`;
  const outputTerm = MEMBER_TERMS[ruleSet.memberType].output;
  const parts = [`${input.units} × ${rateLabel} = ${f(raw)} 学时`];
  if (result.cutByItemCap > 0) {
    parts.push(
      `${item.article}年度上限 ${f(item.yearlyCap)} 学时，已计 ${f(itemUsed)} 学时，超出的 ${f(result.cutByItemCap)} 学时不计入`,
    );
  }
  if (result.cutByOutputCap > 0 && ruleSet.outputCap !== null) {
    parts.push(
      `${outputTerm}学时年度上限 ${f(ruleSet.outputCap)} 学时，已计 ${f(outputUsed)} 学时，超出的 ${f(result.cutByOutputCap)} 学时不计入`,
    );
  }
  const outputAfter = outputUsed + result.credited;
  const running =
    ruleSet.outputCap === null
      ? `${f(outputAfter)}学时`
      : `${f(outputAfter)}学时/${f(ruleSet.outputCap)}学时`;
  parts.push(`本次可计 ${f(result.credited)} 学时（${outputTerm}学时合计 ${running}）`);

  return {
    item: item.code,
    itemVersion: item.version,
    article: item.article,
    rateLabel,
    raw: fromHundredths(raw),
    credited: fromHundredths(result.credited),
    cutByItemCap: fromHundredths(result.cutByItemCap),
    cutByOutputCap: fromHundredths(result.cutByOutputCap),
    itemCap: fromHundredths(item.yearlyCap),
    outputCap: ruleSet.outputCap === null ? null : fromHundredths(ruleSet.outputCap),
    outputAfter: fromHundredths(outputAfter),
    explanation: parts.join('；'),
  };
}
