import { type Decision, evaluate, RuleInputError } from '@cpe/rules';
import type { ComplianceListQuery, ComplianceReport } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import type { HoursService } from '../hours/hours.service.ts';
import { factsFromLedger } from '../hours/hours.service.ts';
import type { LedgerEntryRow } from '../ledger/ledger.repository.ts';
import type { RulesService } from '../rules/rules.service.ts';
import { findClosure } from '../year-close/year-close.repository.ts';
import {
  complianceFigures,
  complianceList,
  type LedgerFactRow,
  ledgerFactsOf,
  ledgerHighWater,
  type MemberYearFacts,
  memberFactsOf,
  memberProvince,
  membersToRefresh,
  refreshState,
  type StatusRow,
  saveRefreshState,
  upsertStatuses,
} from './report.repository.ts';

export type ReportService = ReturnType<typeof reportService>;

const toHundredths = (hours: number) => Math.round(hours * 100);

/** Compliant, short or exempt (a reduction that leaves nothing to study), from the rule engine's decision. */
export function statusOf(decision: Decision): StatusRow['status'] {
  if (decision.reduction !== null && decision.requirement.total === 0) return 'exempt';
  return decision.compliant ? 'compliant' : 'short';
}

/** The province a staff member may see: their own for a provincial reviewer, any (or all) for the national admin. */
export function scopeProvince(staff: StaffPrincipal, requested: string | undefined): string | null {
  if (staff.role === 'provincial_reviewer') {
    if (requested && requested !== staff.provinceCode) throw forbidden('只能查看本地方注协的会员');
    return staff.provinceCode;
  }
  if (staff.role !== 'national_admin') throw forbidden();
  return requested ?? null;
}

export function reportService(deps: Deps, rules: RulesService, hours: HoursService) {
  const { db, clock } = deps;

  function decide(
    year: number,
    m: MemberYearFacts,
    entries: LedgerFactRow[],
    data: Parameters<typeof evaluate>[1],
  ) {
    const facts = factsFromLedger(entries as unknown as LedgerEntryRow[]);
    return evaluate(
      {
        year,
        member: { type: m.memberType, registeredOn: m.registeredOn, province: m.provinceCode },
        ...facts,
      },
      data,
    );
  }

  return {
    /**
     * Applies the year's rules to every member-year whose standing changed since the last refresh (or
     * that has no status yet, or was computed under another rule version), in batches of one
     * transaction each. Idempotent; a closed year is frozen and left alone.
     */
    async refresh(year: number, batchSize = 500) {
      const closure = await findClosure(db, year);
      if (closure?.status === 'closed') return { year, refreshed: 0, skipped: 'closed' as const };
      const loaded = await rules.load(year);
      if (!loaded) return { year, refreshed: 0, skipped: 'no-rules' as const };
      const startedAt = clock.now();
      const highWater = await ledgerHighWater(db);
      const watermark = (await refreshState(db, year))?.watermark ?? 0;
      let afterId = 0;
      let refreshed = 0;
      let failed = 0;
      for (;;) {
        const ids = await membersToRefresh(db, year, {
          watermark,
          ruleVersion: loaded.version,
          afterId,
          limit: batchSize,
        });
        if (ids.length === 0) break;
        afterId = ids[ids.length - 1]!;
        await db.transaction(async (tx) => {
          const members = await memberFactsOf(tx, ids, year);
          const entries = await ledgerFactsOf(tx, ids, year);
          const byMember = new Map<number, LedgerFactRow[]>();
          for (const e of entries) byMember.set(e.memberId, [...(byMember.get(e.memberId) ?? []), e]);
          const rows: StatusRow[] = [];
          for (const m of members) {
            try {
              const d = decide(year, m, byMember.get(m.memberId) ?? [], loaded.data);
              rows.push({
                memberId: m.memberId,
                status: statusOf(d),
                memberType: m.memberType,
                provinceCode: m.provinceCode,
                instituteId: m.instituteId,
                creditedHundredths: toHundredths(d.credited.total),
                requiredHundredths: toHundredths(d.requirement.total),
                ruleVersion: loaded.version,
              });
            } catch (e) {
              if (!(e instanceof RuleInputError)) throw e;
              failed++; // facts the rules cannot place (logged by count; 学时查询 shows the reason)
            }
          }
          await upsertStatuses(tx, year, rows, startedAt);
          refreshed += rows.length;
        });
        if (ids.length < batchSize) break;
      }
      await saveRefreshState(db, year, highWater, startedAt);
      return { year, refreshed, failed };
    },

    async dashboard(staff: StaffPrincipal, year: number, requested?: string): Promise<ComplianceReport> {
      const province = scopeProvince(staff, requested);
      const [figures, state, closure] = await Promise.all([
        complianceFigures(db, year, province),
        refreshState(db, year),
        findClosure(db, year),
      ]);
      // completions per month of the year, cumulative (those before the year count from January)
      const curve = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, compliant: 0 }));
      for (const c of figures.completions) {
        const month = c.year < year ? 1 : c.year > year ? 13 : c.month;
        for (const point of curve) if (point.month >= month) point.compliant += c.count;
      }
      return {
        year,
        asOf: state ? state.refreshedAt.toISOString() : null,
        closed: closure?.status === 'closed',
        province,
        totals: figures.totals,
        byProvince: figures.byProvince,
        byMemberType: figures.byMemberType,
        byInstitute: figures.byInstitute,
        curve,
      };
    },

    async list(staff: StaffPrincipal, year: number, q: ComplianceListQuery) {
      const province = scopeProvince(staff, q.province);
      return complianceList(
        db,
        { year, province, status: q.status, memberType: q.memberType, institute: q.institute },
        q.page,
        q.pageSize,
      );
    },

    /** One member's year exactly as their 学时查询 shows it, read-only, for staff in scope; audited. */
    async memberYear(staff: StaffPrincipal, memberId: number, year: number, ip: string | null) {
      const province = await memberProvince(db, memberId);
      if (province === null) throw notFound('会员');
      const scope = scopeProvince(staff, undefined);
      if (scope !== null && scope !== province) throw forbidden('只能查看本地方注协的会员');
      const result = await hours.query(memberId, year);
      await recordAudit(db, {
        at: clock.now(),
        actorType: 'staff',
        actorId: staff.id,
        actorName: staff.username,
        action: 'report.member_year',
        target: `member:${memberId}/${year}`,
        result: 'success',
        ip,
      });
      return result;
    },
  };
}
