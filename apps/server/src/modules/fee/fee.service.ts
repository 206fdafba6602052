import { resolveRuleSet } from '@cpe/rules';
import type { FeeStatus, MemberType } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import type { RulesService } from '../rules/rules.service.ts';
import { isFeePaid } from './fee.repository.ts';

export type FeeService = ReturnType<typeof feeService>;

interface FeeRule {
  required: boolean;
  amountFen: number;
}

// Progress reports ask on every heartbeat; rule data changes rarely, so a minute-old answer is fine.
const CACHE_MS = 60_000;

/**
 * The yearly learning fee of non-practicing members (domain 3.1: fee before learning). Whether a fee
 * is due and its default amount come from the year's rule set; payment itself is another feature,
 * which records a `fee_payments` row per member and year.
 */
export function feeService({ db, clock }: Deps, rules: RulesService) {
  const cache = new Map<string, { at: number; rule: FeeRule }>();

  async function rule(year: number, memberType: MemberType, province: string | null): Promise<FeeRule> {
    const key = `${year}:${memberType}:${province ?? ''}`;
    const now = clock.now().getTime();
    const hit = cache.get(key);
    if (hit && Math.abs(now - hit.at) < CACHE_MS) return hit.rule;
    const loaded = await rules.load(year);
    if (!loaded) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
    const set = resolveRuleSet(loaded.data, { year, memberType, province });
    const value = { required: set.feeRequired, amountFen: set.feeRequired ? (set.defaultFeeFen ?? 0) : 0 };
    cache.set(key, { at: now, rule: value });
    return value;
  }

  return {
    rule,

    async status(member: MemberPrincipal, year: number): Promise<FeeStatus> {
      const [{ required, amountFen }, paid] = await Promise.all([
        rule(year, member.memberType, member.provinceCode),
        isFeePaid(db, member.id, year),
      ]);
      return { year, required, paid, amountFen };
    },

    /** 402 FEE_UNPAID when the year's fee is due and not paid; `paid` comes from the caller's read. */
    async assertPaid(member: MemberPrincipal, year: number, paid: boolean) {
      if (paid) return;
      const { required, amountFen } = await rule(year, member.memberType, member.provinceCode);
      if (required) {
        throw new AppError(
          'FEE_UNPAID',
          `请先交纳${year}年度继续教育费用（${(amountFen / 100).toFixed(2)}元）后再开始学习`,
        );
      }
    },
  };
}
