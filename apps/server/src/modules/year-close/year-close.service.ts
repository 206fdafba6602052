import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { freezeStatuses } from '../report/report.repository.ts';
import type { ReportService } from '../report/report.service.ts';
import type { RulesService } from '../rules/rules.service.ts';
import { closeYearRow, findClosure, reopenYearRow } from './year-close.repository.ts';

export type YearCloseService = ReturnType<typeof yearCloseService>;

/**
 * Year close: the year's compliance statuses are brought up to date, then frozen with the rule version
 * used, and the ledger refuses entries of that year (a trigger) until an explicit, audited re-opening.
 */
export function yearCloseService(deps: Deps, rules: RulesService, reports: ReportService) {
  const { db, clock } = deps;
  const present = (c: Awaited<ReturnType<typeof findClosure>>, year: number) => ({
    year,
    status: c ? c.status : ('open' as const),
    closedAt: c ? c.closedAt.toISOString() : null,
    ruleVersion: c ? c.ruleVersion : null,
    closedBy: c?.closedBy ?? null,
    reopenedAt: c?.reopenedAt ? c.reopenedAt.toISOString() : null,
    reopenedBy: c?.reopenedBy ?? null,
    reopenReason: c?.reopenReason ?? null,
  });
  const audit = (staff: StaffPrincipal, action: string, year: number, ip: string | null, detail: object) =>
    recordAudit(db, {
      at: clock.now(),
      actorType: 'staff',
      actorId: staff.id,
      actorName: staff.username,
      action,
      target: `year:${year}`,
      result: 'success',
      ip,
      detail: detail as Record<string, unknown>,
    });

  return {
    async state(year: number) {
      return present(await findClosure(db, year), year);
    },

    async close(staff: StaffPrincipal, year: number, ip: string | null) {
      const loaded = await rules.load(year);
      if (!loaded) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
      const current = await findClosure(db, year);
      if (current?.status === 'closed') throw new AppError('YEAR_CLOSED', `${year} 年度已关闭`);
      await reports.refresh(year);
      await db.transaction(async (tx) => {
        const locked = await findClosure(tx, year, true);
        if (locked?.status === 'closed') throw new AppError('YEAR_CLOSED', `${year} 年度已关闭`);
        await closeYearRow(tx, year, loaded.version, staff.id, clock.now());
        await freezeStatuses(tx, year, true);
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          action: 'year.close',
          target: `year:${year}`,
          result: 'success',
          ip,
          detail: { ruleVersion: loaded.version },
        });
      });
      return present(await findClosure(db, year), year);
    },

    async reopen(staff: StaffPrincipal, year: number, reason: string, ip: string | null) {
      await db.transaction(async (tx) => {
        const locked = await findClosure(tx, year, true);
        if (locked?.status !== 'closed') throw new AppError('CONFLICT', `${year} 年度未关闭`);
        await reopenYearRow(tx, year, staff.id, reason, clock.now());
        await freezeStatuses(tx, year, false);
      });
      await audit(staff, 'year.reopen', year, ip, { reason });
      return present(await findClosure(db, year), year);
    },
  };
}
