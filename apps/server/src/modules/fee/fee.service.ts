import { resolveRuleSet } from '@cpe/rules';
import type { FeeSchedule, FeeStatus, MemberType } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import type { RulesService } from '../rules/rules.service.ts';
import {
  chosenInstituteId,
  feeScheduleOf,
  instituteExists,
  isFeePaid,
  scheduledFee,
  upsertFee,
} from './fee.repository.ts';

export type FeeService = ReturnType<typeof feeService>;

interface FeeRule {
  required: boolean;
  amountFen: number;
}

// Progress reports ask on every heartbeat; rule data changes rarely, so a minute-old answer is fine.
// The fee schedule is not cached: a change made by the national admin is seen by every process at once.
const CACHE_MS = 60_000;

/**
 * The yearly learning fee of non-practicing members (domain 3.1: fee before learning). Whether a fee
 * is due comes from the year's rule set; its amount from the fee schedule of the member's institute for
 * the year, or the rule set's default fee where none is set. Payment records a `fee_payments` row.
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

  /** The fee of a member-year at an institute (null: not chosen yet, the default applies). */
  async function feeFor(member: MemberPrincipal, year: number, instituteId: number | null): Promise<FeeRule> {
    const base = await rule(year, member.memberType, member.provinceCode);
    if (!base.required || instituteId === null) return base;
    const scheduled = await scheduledFee(db, instituteId, year);
    return { required: true, amountFen: scheduled ?? base.amountFen };
  }

  async function defaultFen(year: number): Promise<number> {
    const loaded = await rules.load(year);
    if (!loaded) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
    return (
      resolveRuleSet(loaded.data, { year, memberType: 'non_practicing', province: null }).defaultFeeFen ?? 0
    );
  }

  return {
    rule,
    feeFor,

    async status(member: MemberPrincipal, year: number): Promise<FeeStatus> {
      const [instituteId, paid] = await Promise.all([
        chosenInstituteId(db, member.id, year),
        isFeePaid(db, member.id, year),
      ]);
      const { required, amountFen } = await feeFor(member, year, instituteId);
      return { year, required, paid, amountFen };
    },

    /** 402 FEE_UNPAID when the year's fee is due and not paid; `paid` comes from the caller's read. */
    async assertPaid(member: MemberPrincipal, year: number, paid: boolean) {
      if (paid) return;
      const { required } = await rule(year, member.memberType, member.provinceCode);
      if (!required) return;
      const { amountFen } = await feeFor(member, year, await chosenInstituteId(db, member.id, year));
      throw new AppError(
        'FEE_UNPAID',
        `请先交纳${year}年度继续教育费用（${(amountFen / 100).toFixed(2)}元）后再开始学习`,
      );
    },

    /** The year's fee per institute, with the default where none is set. */
    async schedule(year: number): Promise<FeeSchedule> {
      const fallback = await defaultFen(year);
      const rows = await feeScheduleOf(db, year);
      return {
        year,
        defaultFen: fallback,
        items: rows.map((r) => ({
          instituteId: r.instituteId,
          instituteName: r.instituteName,
          amountFen: r.amountFen ?? fallback,
          scheduled: r.amountFen !== null,
          updatedAt: r.updatedAt?.toISOString() ?? null,
        })),
      };
    },

    /** Sets an institute's fee for a year (national admin, or `cpe fees set`), audited. */
    async setFee(
      actor: { type: 'staff' | 'system'; id: number | null; name: string | null },
      input: { year: number; instituteId: number; amountFen: number },
    ): Promise<FeeSchedule> {
      if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) {
        throw new AppError('BAD_REQUEST', '金额以分为单位，须为正整数');
      }
      await db.transaction(async (tx) => {
        if (!(await instituteExists(tx, input.instituteId)))
          throw new AppError('NOT_FOUND', '会计学院不存在');
        const before = await scheduledFee(tx, input.instituteId, input.year);
        await upsertFee(tx, {
          ...input,
          updatedAt: clock.now(),
          updatedBy: actor.type === 'staff' ? actor.id : null,
        });
        await recordAudit(tx, {
          at: clock.now(),
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          action: 'fee.schedule.set',
          target: `institute:${input.instituteId}:${input.year}`,
          result: 'success',
          detail: {
            year: input.year,
            instituteId: input.instituteId,
            amountFen: input.amountFen,
            before: before ?? null,
          },
        });
      });
      return this.schedule(input.year);
    },
  };
}
