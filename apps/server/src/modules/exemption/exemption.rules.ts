import {
  computeRequirement,
  type ExemptionGround,
  findExemptionGround,
  isIsoDate,
  type MemberType,
  type RuleData,
  RuleInputError,
  type RuleSet,
} from '@cpe/rules';
import { AppError } from '../../errors.ts';

export function exemptionGround(
  data: RuleData,
  code: string,
  memberType: MemberType,
  year: number,
): ExemptionGround {
  try {
    return findExemptionGround(data.exemptionGrounds, code, memberType, year);
  } catch (e) {
    if (e instanceof RuleInputError) throw new AppError('VALIDATION_FAILED', `豁免事由不可用：${e.message}`);
    throw e;
  }
}

/** Checks the period: real dates, in order, touching the year. */
export function checkPeriod(year: number, from: string, to: string): void {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new AppError('VALIDATION_FAILED', '起止日期应为有效日期');
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期');
  if (to < `${year}-01-01` || from > `${year}-12-31`) {
    throw new AppError('VALIDATION_FAILED', `起止日期应与 ${year} 年度有交集`);
  }
}

/** Calendar months of the year the period touches (for grounds whose effect is pro rata by months). */
export function monthsIn(year: number, from: string, to: string): number {
  const start = from < `${year}-01-01` ? 1 : Number(from.slice(5, 7));
  const end = to > `${year}-12-31` ? 12 : Number(to.slice(5, 7));
  return Math.max(0, end - start + 1);
}

/** What an approved request would do to the year's requirement, in Chinese. */
export function describeExemptionEffect(
  ruleSet: RuleSet,
  member: { type: MemberType; registeredOn: string },
  ground: ExemptionGround,
  months: number,
): string {
  const before = computeRequirement(ruleSet, member, []);
  const after = computeRequirement(ruleSet, member, [{ ground, months }]);
  const f = (x: number) => (x / 100).toFixed(2);
  return `年度要求由 ${f(before.requirement.total)} 学时（职业道德 ${f(before.requirement.ethics)} 学时）变为 ${f(after.requirement.total)} 学时（职业道德 ${f(after.requirement.ethics)} 学时）`;
}
