import { RuleInputError } from './errors.ts';

/**
 * Hours as an integer count of hundredths (40 学时 = 4000). All arithmetic in the engine happens
 * on these integers so that 240 entries of 0.1 add up to exactly 24.00; binary floats do not.
 * A plain alias (not a brand) so rule data loaded from a database or JSON needs no casting.
 */
export type Hundredths = number;

/** Converts hours with at most two decimals to hundredths; anything finer is refused, not rounded. */
export function toHundredths(hours: number, field = 'hours'): Hundredths {
  if (typeof hours !== 'number' || !Number.isFinite(hours)) {
    throw new RuleInputError(`${field} 必须是有限数字：${String(hours)}`);
  }
  const scaled = hours * 100;
  const rounded = Math.round(scaled);
  // A tolerance is needed because e.g. 0.29 * 100 = 28.999999999999996 in binary.
  if (Math.abs(scaled - rounded) > 1e-6 || !Number.isSafeInteger(rounded)) {
    throw new RuleInputError(`${field} 最多保留两位小数：${hours}`);
  }
  return rounded === 0 ? 0 : rounded; // never return -0
}

/** Hundredths back to hours; n / 100 is the same double as the decimal literal, so 2400 -> 24. */
export function fromHundredths(value: Hundredths): number {
  return value / 100;
}

export function sumHundredths(values: Iterable<Hundredths>): Hundredths {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Hours for people: 24 not 24.00, 0.5 not 0.50, 12.25 as is. */
export function formatHours(value: Hundredths): string {
  return String(fromHundredths(value));
}

/**
 * value × numerator / denominator, rounded down to a whole hundredth. Used for halving and
 * pro-rata reductions of a requirement: rounding down gives the member the benefit of the doubt.
 */
export function scaleHundredths(value: Hundredths, numerator: number, denominator: number): Hundredths {
  if (denominator === 0) return 0;
  return Math.floor((value * numerator) / denominator);
}
