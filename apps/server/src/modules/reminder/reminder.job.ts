import { formatHours, type RuleData, resolveRuleSet } from '@cpe/rules';
import { shanghaiDate, shanghaiHour, shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { currentRuleVersion } from '../rules/rules.repository.ts';
import { enqueueSms } from '../sms/sms-outbox.repository.ts';
import { findClosure } from '../year-close/year-close.repository.ts';
import {
  advanceCampaign,
  cancelCampaignRow,
  claimCampaign,
  countShortMembers,
  insertCampaign,
  insertRecipients,
  linkRecipientSms,
  REMINDER_PURPOSE,
  remindersQueuedSince,
  type ShortMember,
  shortMembersAfter,
} from './reminder.repository.ts';

/** Members handled per transaction. */
export const REMINDER_BATCH = 500;
/** Automatic campaigns start from this hour (Asia/Shanghai) on their dates. */
const AUTO_HOUR = 9;

/** The reminder text: short, Chinese, with the hours still missing, the window's last day and how to opt out. */
export function reminderText(year: number, shortfallHundredths: number, closesOn = `${year}-12-31`): string {
  const missing =
    shortfallHundredths > 0 ? `尚差${formatHours(shortfallHundredths)}学时` : '尚未完成学时要求';
  const [, month, day] = closesOn.split('-').map(Number);
  return `【注册会计师继续教育】您${year}年度${missing}，请于${month}月${day}日前完成。回复TD退订`;
}

/**
 * The last day of a member's study window in the year's rule data (by member type, with the province's
 * overlay), remembered per type and province for the batch; the end of the year without rule data.
 */
function windowCloses(data: RuleData | null, year: number) {
  const known = new Map<string, string>();
  return (m: ShortMember) => {
    if (!data) return `${year}-12-31`;
    const key = `${m.memberType}:${m.province}`;
    let closes = known.get(key);
    if (!closes) {
      closes = resolveRuleSet(data, { year, memberType: m.memberType, province: m.province }).studyWindow
        .closes;
      known.set(key, closes);
    }
    return closes;
  };
}

/**
 * On each configured date (REMINDER_AUTO_DATES), from 09:00, one campaign to every member short for
 * the year: its key is the date, so of several processes or runs only the first creates it.
 */
async function createAutoCampaign(deps: Deps) {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  if (shanghaiHour(now) < AUTO_HOUR || !deps.config.REMINDER_AUTO_DATES.includes(today.slice(5))) return null;
  const year = shanghaiYear(now);
  return deps.db.transaction(async (tx) => {
    if ((await findClosure(tx, year, true))?.status === 'closed') return null;
    const filters = { year, province: null, memberType: null, minShortfallHundredths: 0 };
    const { short } = await countShortMembers(tx, filters);
    const id = await insertCampaign(tx, {
      ...filters,
      createdBy: null,
      autoKey: today,
      targeted: short,
      at: now,
    });
    if (id !== null) {
      await recordAudit(tx, {
        at: now,
        actorType: 'system',
        action: 'reminder.create',
        target: `reminder_campaign:${id}`,
        result: 'success',
        detail: { ...filters, targeted: short, auto: today },
      });
    }
    return id;
  });
}

/**
 * One batch of the oldest unfinished campaign, in one transaction holding the campaign's row lock:
 * the next members after its cursor are recorded as recipients (a member already recorded is skipped,
 * so nobody gets two texts however often or concurrently this runs) and each new one who has not
 * opted out gets a text queued in the same transaction. A crash loses the whole batch or nothing.
 */
async function sendBatch(deps: Deps, budget: number) {
  const { db, clock } = deps;
  return db.transaction(async (tx) => {
    const now = clock.now();
    const campaign = await claimCampaign(tx, now);
    if (!campaign) return null;
    if ((await findClosure(tx, campaign.year))?.status === 'closed') {
      // the year was closed after the campaign was made: nothing more is sent for it
      await cancelCampaignRow(tx, campaign.id, null, now);
      return { campaign: campaign.id, enqueued: 0, skipped: 0, finished: true };
    }
    const limit = Math.min(REMINDER_BATCH, budget);
    const rules = await currentRuleVersion(tx, campaign.year);
    const closesOn = windowCloses(rules?.data ?? null, campaign.year);
    const batch = await shortMembersAfter(tx, campaign, campaign.cursorMemberId, limit);
    const fresh = await insertRecipients(tx, campaign.id, batch, now);
    const links: Array<{ memberId: number; smsId: number }> = [];
    let skipped = 0;
    for (const m of batch) {
      if (!fresh.has(m.memberId)) continue;
      if (m.optedOut) {
        skipped++;
        continue;
      }
      const body = reminderText(campaign.year, m.shortfallHundredths, closesOn(m));
      const smsId = await enqueueSms(
        tx,
        { phone: m.mobile, memberId: m.memberId, purpose: REMINDER_PURPOSE, body },
        now,
      );
      links.push({ memberId: m.memberId, smsId });
    }
    await linkRecipientSms(tx, campaign.id, links);
    const finished = batch.length < limit;
    await advanceCampaign(tx, campaign.id, {
      cursor: batch.at(-1)?.memberId ?? campaign.cursorMemberId,
      enqueued: links.length,
      skipped,
      finished,
      at: now,
    });
    return { campaign: campaign.id, enqueued: links.length, skipped, finished };
  });
}

/**
 * Sends pending campaigns within the throttle: at most REMINDER_SMS_PER_MINUTE reminder texts queued in
 * any minute (counted in the outbox, so runs by hand or on other processes share the same allowance).
 */
export async function runReminderCampaigns(deps: Deps) {
  const autoCampaign = await createAutoCampaign(deps);
  const perMinute = deps.config.REMINDER_SMS_PER_MINUTE;
  let enqueued = 0;
  let skippedOptOut = 0;
  let batches = 0;
  let throttled = false;
  for (;;) {
    const since = new Date(deps.clock.now().getTime() - 60_000);
    const budget = perMinute - (await remindersQueuedSince(deps.db, since));
    if (budget <= 0) {
      throttled = true;
      break;
    }
    const done = await sendBatch(deps, budget);
    if (!done) break;
    batches++;
    enqueued += done.enqueued;
    skippedOptOut += done.skipped;
  }
  return { autoCampaign, batches, enqueued, skippedOptOut, throttled };
}

export const reminderCampaignJob: JobDefinition = {
  name: 'reminder-campaign',
  schedule: '* * * * *',
  description: '按提醒任务分批向学时未达标的会员发送年度提醒短信（限速，每人每任务一次）',
  run: runReminderCampaigns,
};
