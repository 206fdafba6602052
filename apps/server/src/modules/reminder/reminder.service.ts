import type { ReminderCampaign, ReminderFilter } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal, StaffPrincipal } from '../auth/principal.ts';
import { findClosure } from '../year-close/year-close.repository.ts';
import {
  type CampaignRow,
  cancelCampaignRow,
  countShortMembers,
  findCampaign,
  insertCampaign,
  listCampaigns,
  type ReminderFilters,
  setReminderOptOut,
  smsPreferences,
} from './reminder.repository.ts';

export type ReminderService = ReturnType<typeof reminderService>;

export const filtersOf = (f: ReminderFilter): ReminderFilters => ({
  year: f.year,
  province: f.province ?? null,
  memberType: f.memberType ?? null,
  minShortfallHundredths: f.minShortfallHundredths ?? 0,
});

/** Done: 100; otherwise the share of the targeted members reached so far (never 100 before done). */
export function progressOf(c: CampaignRow): number {
  if (c.status === 'done') return 100;
  if (c.targeted === 0) return 0;
  return Math.min(99, Math.floor(((c.enqueued + c.skippedOptOut) * 100) / c.targeted));
}

export function presentCampaign(c: CampaignRow): ReminderCampaign {
  return {
    id: c.id,
    year: c.year,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    auto: c.auto,
    province: c.province,
    provinceName: c.provinceName,
    memberType: c.memberType,
    minShortfallHundredths: c.minShortfallHundredths,
    status: c.status,
    targeted: c.targeted,
    enqueued: c.enqueued,
    skippedOptOut: c.skippedOptOut,
    progress: progressOf(c),
    doneAt: c.doneAt ? c.doneAt.toISOString() : null,
  };
}

const yearClosed = (year: number) => new AppError('YEAR_CLOSED', `${year} 年度已关闭，不能再发送学时提醒`);

/**
 * Year-end reminders (national admin): a campaign is recorded here with the members it targets now;
 * the reminder-campaign job sends it in throttled batches. Members switch the reminders off themselves.
 */
export function reminderService(deps: Deps) {
  const { db, clock } = deps;
  const staffAudit = (
    staff: StaffPrincipal,
    action: string,
    id: number,
    ip: string | null,
    detail: object,
  ) => ({
    at: clock.now(),
    actorType: 'staff' as const,
    actorId: staff.id,
    actorName: staff.username,
    action,
    target: `reminder_campaign:${id}`,
    result: 'success' as const,
    ip,
    detail: detail as Record<string, unknown>,
  });

  return {
    preview: (f: ReminderFilter) => countShortMembers(db, filtersOf(f)),

    async create(staff: StaffPrincipal, f: ReminderFilter, ip: string | null) {
      const filters = filtersOf(f);
      const id = await db.transaction(async (tx) => {
        // the closure row's lock keeps a concurrent close from slipping in between
        if ((await findClosure(tx, f.year, true))?.status === 'closed') throw yearClosed(f.year);
        const { short } = await countShortMembers(tx, filters);
        const made = await insertCampaign(tx, {
          ...filters,
          createdBy: staff.id,
          autoKey: null,
          targeted: short,
          at: clock.now(),
        });
        if (made === null) throw new AppError('CONFLICT', '提醒任务未能创建，请重试');
        await recordAudit(
          tx,
          staffAudit(staff, 'reminder.create', made, ip, { ...filters, targeted: short }),
        );
        return made;
      });
      return this.get(id);
    },

    async list(year: number) {
      return { campaigns: (await listCampaigns(db, year)).map(presentCampaign) };
    },

    async get(id: number) {
      const c = await findCampaign(db, id);
      if (!c) throw notFound('提醒任务');
      return presentCampaign(c);
    },

    async cancel(staff: StaffPrincipal, id: number, ip: string | null) {
      await db.transaction(async (tx) => {
        // waits for a batch being sent: the campaign stops between batches
        const c = await findCampaign(tx, id, true);
        if (!c) throw notFound('提醒任务');
        if (c.status === 'done' || c.status === 'cancelled') {
          throw new AppError('CONFLICT', '提醒任务已结束，不能取消');
        }
        await cancelCampaignRow(tx, id, staff.id, clock.now());
        await recordAudit(
          tx,
          staffAudit(staff, 'reminder.cancel', id, ip, { enqueued: c.enqueued, targeted: c.targeted }),
        );
      });
      return this.get(id);
    },

    async preferences(member: MemberPrincipal) {
      const p = await smsPreferences(db, member.id);
      if (!p) throw notFound('账户');
      return p;
    },

    async setPreferences(member: MemberPrincipal, yearlyReminders: boolean, ip: string | null) {
      await db.transaction(async (tx) => {
        await setReminderOptOut(tx, member.id, !yearlyReminders, clock.now());
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'member',
          actorId: member.id,
          actorName: member.username,
          action: yearlyReminders ? 'sms_reminders.opt_in' : 'sms_reminders.opt_out',
          target: `member:${member.id}`,
          result: 'success',
          ip,
        });
      });
      return this.preferences(member);
    },
  };
}
