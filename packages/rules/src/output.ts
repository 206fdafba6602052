import { RuleInputError } from './errors.ts';
import { type Hundredths, toHundredths } from './hours.ts';
import { OUTPUT_UNITS } from './rulesets/catalogue.ts';
import type { CatalogueItem } from './types.ts';

/**
 * Output-method hours (docs/domain.md 3.2): each claim is worth units × rate, held to what is left
 * of its item's yearly cap, and then the year's output total is held to the output cap. Claims are
 * taken in input order, so the cut falls on the later ones; the totals do not depend on the order.
 */

export interface ExactClaimResult {
  item: CatalogueItem;
  units: number;
  raw: Hundredths;
  credited: Hundredths;
  cutByItemCap: Hundredths;
  cutByOutputCap: Hundredths;
}

export interface ExactOutcome {
  claims: ExactClaimResult[];
  output: Hundredths;
  /** hours cut by each item's cap, summed per item, in catalogue-code order */
  itemCuts: { item: CatalogueItem; cut: Hundredths }[];
  outputCut: Hundredths;
}

/** units × rate in hundredths, refusing units the item cannot have (negative, half an article). */
export function claimRawHundredths(item: CatalogueItem, units: number, field = 'units'): Hundredths {
  const unitHundredths = toHundredths(units, field);
  if (unitHundredths < 0) throw new RuleInputError(`${field} 不能为负数：${units}`);
  if (OUTPUT_UNITS[item.unit].integral && unitHundredths % 100 !== 0) {
    throw new RuleInputError(
      `${field} 必须是整数（${item.code} 按${OUTPUT_UNITS[item.unit].label}计）：${units}`,
    );
  }
  // Rounded down: a fraction of a hundredth is never credited.
  return Math.floor((unitHundredths * item.rate) / 100);
}

/** One claim against what is already counted for its item and for the year's output. */
export function creditOne(
  raw: Hundredths,
  item: { used: Hundredths; cap: Hundredths },
  output: { used: Hundredths; cap: Hundredths | null },
): { credited: Hundredths; cutByItemCap: Hundredths; cutByOutputCap: Hundredths } {
  const withinItem = Math.min(raw, Math.max(0, item.cap - item.used));
  const credited =
    output.cap === null ? withinItem : Math.min(withinItem, Math.max(0, output.cap - output.used));
  return { credited, cutByItemCap: raw - withinItem, cutByOutputCap: withinItem - credited };
}

export function creditClaims(
  claims: { item: CatalogueItem; units: number; granted?: Hundredths }[],
  outputCap: Hundredths | null,
): ExactOutcome {
  const usedByItem = new Map<string, Hundredths>();
  const cutByItem = new Map<string, { item: CatalogueItem; cut: Hundredths }>();
  let output = 0;
  let outputCut = 0;
  const results = claims.map(({ item, units, granted }, index): ExactClaimResult => {
    // An approved claim counts the hours granted, not a figure re-derived from its units.
    const raw = granted ?? claimRawHundredths(item, units, `claims[${index}].units`);
    const used = usedByItem.get(item.code) ?? 0;
    const result = creditOne(raw, { used, cap: item.yearlyCap }, { used: output, cap: outputCap });
    usedByItem.set(item.code, used + raw - result.cutByItemCap);
    output += result.credited;
    outputCut += result.cutByOutputCap;
    if (result.cutByItemCap > 0) {
      const entry = cutByItem.get(item.code) ?? { item, cut: 0 };
      cutByItem.set(item.code, { item, cut: entry.cut + result.cutByItemCap });
    }
    return { item, units, raw, ...result };
  });
  const itemCuts = [...cutByItem.values()].sort((a, b) => compareItemCodes(a.item.code, b.item.code));
  return { claims: results, output, itemCuts, outputCut };
}

/** '18-2' before '18-10', '18-9a' before '18-9b'; codes of another shape go last. */
export function compareItemCodes(a: string, b: string): number {
  const ka = codeKey(a);
  const kb = codeKey(b);
  return ka.article - kb.article || ka.clause - kb.clause || ka.sub.localeCompare(kb.sub);
}

function codeKey(code: string): { article: number; clause: number; sub: string } {
  const m = /^(\d+)-(\d+)([a-z]?)$/.exec(code);
  if (!m) return { article: Number.MAX_SAFE_INTEGER, clause: 0, sub: code };
  return { article: Number(m[1]), clause: Number(m[2]), sub: m[3] ?? '' };
}
