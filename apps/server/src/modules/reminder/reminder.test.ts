import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { type MemberFixture, makeMember, makeStaff } from '../../../test/fixtures.ts';
import { FixedClock } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { findJob } from '../../jobs/registry.ts';
import { dispatchSms } from '../sms/sms-dispatch.ts';
import { devSmsProvider } from '../sms/sms-provider.ts';
import { reminderText, runReminderCampaigns } from './reminder.job.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** The member's status for a year as the compliance refresh would have written it. */
async function standing(m: MemberFixture, year: number, creditedHours: number, requiredHours = 40) {
  const status = creditedHours >= requiredHours ? 'compliant' : 'short';
  await t.deps.db.execute(sql`
    INSERT INTO compliance_status (member_id, year, status, member_type, province_code, credited_hundredths,
      required_hundredths, rule_version, refreshed_at)
    VALUES (${m.id}, ${year}, ${status}, ${m.memberType}, ${m.provinceCode}, ${creditedHours * 100},
      ${requiredHours * 100}, 1, now())`);
}

/** Members made for one test, each with a status for `year`. */
async function shortMembers(year: number, count: number, province = '31') {
  const made: MemberFixture[] = [];
  for (let i = 0; i < count; i++) {
    const m = await makeMember(t, { province, login: false });
    await standing(m, year, 10 + i);
    made.push(m);
  }
  return made;
}

async function remindersOf(members: MemberFixture[]) {
  const { rows } = await t.deps.db.execute<{ member_id: number; body: string }>(sql`
    SELECT member_id, body FROM sms_outbox
    WHERE purpose = 'reminder' AND member_id IN (${sql.join(
      members.map((m) => sql`${m.id}`),
      sql`, `,
    )}) ORDER BY id`);
  return rows.map((r) => ({ memberId: Number(r.member_id), body: r.body }));
}

const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

/** Runs the job until every pending campaign is sent (no throttle in play). */
const runJob = (deps: Deps = t.deps) => runReminderCampaigns(deps);

describe('the reminder text', () => {
  it('names the last day of the member’s study window, and the hours still missing', () => {
    expect(reminderText(2030, 1250, '2030-11-30')).toBe(
      '【注册会计师继续教育】您2030年度尚差12.5学时，请于11月30日前完成。回复TD退订',
    );
    expect(reminderText(2030, 0)).toBe(
      '【注册会计师继续教育】您2030年度尚未完成学时要求，请于12月31日前完成。回复TD退订',
    );
  });
});

describe('year-end reminder campaigns', () => {
  it('reminds only the short members matching the filters, with their shortfall, and counts progress', async () => {
    const year = 2030;
    const admin = await makeStaff(t);
    const [a, b] = await shortMembers(year, 2);
    const compliant = await makeMember(t, { login: false });
    await standing(compliant, year, 40);
    const [otherProvince] = await shortMembers(year, 1, '11');
    const nonPracticing = await makeMember(t, { memberType: 'non_practicing', login: false });
    await standing(nonPracticing, year, 5);
    const almost = await makeMember(t, { login: false });
    await standing(almost, year, 39.5);
    const filters = { year, province: '31', memberType: 'practicing', minShortfallHundredths: 100 };

    const query = `year=${year}&province=31&memberType=practicing&minShortfallHundredths=100`;
    const preview = await call('GET', `/api/admin/reminders/preview?${query}`, admin.cookie);
    expect(preview.json()).toEqual({ short: 2, optedOut: 0 });
    const created = await call('POST', '/api/admin/reminders', admin.cookie, filters);
    expect(created.statusCode).toBe(200);
    const campaign = created.json();
    expect(campaign).toMatchObject({ status: 'queued', targeted: 2, progress: 0, createdBy: '测试管理人员' });

    const result = await runJob();
    expect(result).toMatchObject({ enqueued: 2, throttled: false });
    const sent = await remindersOf([a!, b!, compliant, otherProvince!, nonPracticing, almost]);
    expect(sent.map((s) => s.memberId).sort()).toEqual([a!.id, b!.id].sort());
    expect(sent.find((s) => s.memberId === a!.id)?.body).toBe(
      '【注册会计师继续教育】您2030年度尚差30学时，请于12月31日前完成。回复TD退订',
    );
    const done = (await call('GET', `/api/admin/reminders/${campaign.id}`, admin.cookie)).json();
    expect(done).toMatchObject({ status: 'done', progress: 100, enqueued: 2, skippedOptOut: 0 });
    const list = (await call('GET', `/api/admin/reminders?year=${year}`, admin.cookie)).json();
    expect(list.campaigns.map((c: { id: number }) => c.id)).toEqual([campaign.id]);
    const { rows: audit } = await t.deps.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE target = ${`reminder_campaign:${campaign.id}`}`);
    expect(audit.map((r) => r.action)).toEqual(['reminder.create']);
  });

  it('reaches each member once per campaign when the job runs twice, races itself, or resumes after a crash', async () => {
    const year = 2031;
    const admin = await makeStaff(t);
    const members = await shortMembers(year, 4);
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year })).json();

    await Promise.all([runJob(), runJob()]);
    await runJob();
    // a crash after the texts were queued but before the cursor moved: the batch is walked again
    await t.deps.db.execute(sql`
      UPDATE reminder_campaigns SET status = 'running', cursor_member_id = 0, done_at = NULL WHERE id = ${id}`);
    await Promise.all([runJob(), runJob()]);

    const sent = await remindersOf(members);
    expect(sent.map((s) => s.memberId).sort()).toEqual(members.map((m) => m.id).sort());
    const campaign = (await call('GET', `/api/admin/reminders/${id}`, admin.cookie)).json();
    expect(campaign).toMatchObject({ status: 'done', enqueued: 4, targeted: 4 });
    const { rows } = await t.deps.db.execute<{ n: number; linked: number }>(sql`
      SELECT count(*)::int AS n, count(sms_outbox_id)::int AS linked FROM reminder_recipients WHERE campaign_id = ${id}`);
    expect(rows[0]).toEqual({ n: 4, linked: 4 });

    // a new campaign is a new round: everyone once more
    await call('POST', '/api/admin/reminders', admin.cookie, { year });
    await runJob();
    expect(await remindersOf(members)).toHaveLength(8);
  });

  it('respects the member’s opt-out, set on the member’s own account, and counts who was skipped', async () => {
    const year = 2032;
    const admin = await makeStaff(t);
    const member = await makeMember(t);
    await standing(member, year, 12);
    const [other] = await shortMembers(year, 1);

    expect((await call('GET', '/api/me/sms-preferences', member.cookie)).json()).toEqual({
      yearlyReminders: true,
    });
    const off = await call('PUT', '/api/me/sms-preferences', member.cookie, { yearlyReminders: false });
    expect(off.json()).toEqual({ yearlyReminders: false });
    expect((await call('GET', '/api/me/sms-preferences', member.cookie)).json()).toEqual({
      yearlyReminders: false,
    });
    expect(
      (await call('PUT', '/api/me/sms-preferences', admin.cookie, { yearlyReminders: false })).statusCode,
    ).toBe(403);
    expect(
      (await call('PUT', '/api/me/sms-preferences', member.cookie, { yearlyReminders: 'no' })).statusCode,
    ).toBe(400);

    expect((await call('GET', `/api/admin/reminders/preview?year=${year}`, admin.cookie)).json()).toEqual({
      short: 2,
      optedOut: 1,
    });
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year })).json();
    await runJob();
    expect((await remindersOf([member, other!])).map((s) => s.memberId)).toEqual([other!.id]);
    const campaign = (await call('GET', `/api/admin/reminders/${id}`, admin.cookie)).json();
    expect(campaign).toMatchObject({ status: 'done', enqueued: 1, skippedOptOut: 1, progress: 100 });

    await call('PUT', '/api/me/sms-preferences', member.cookie, { yearlyReminders: true });
    await call('POST', '/api/admin/reminders', admin.cookie, { year });
    await runJob();
    expect((await remindersOf([member])).length).toBe(1);
    // opted out again before the queued text went: it is withdrawn, not sent
    await call('PUT', '/api/me/sms-preferences', member.cookie, { yearlyReminders: false });
    expect(await dispatchSms(t.deps, devSmsProvider)).toMatchObject({ withdrawn: 1 });
    const { rows: texts } = await t.deps.db.execute<{ status: string; last_error: string }>(sql`
      SELECT status, last_error FROM sms_outbox WHERE member_id = ${member.id} AND purpose = 'reminder'`);
    expect(texts).toEqual([{ status: 'failed', last_error: '会员已退订年度学时提醒短信' }]);
    const { rows } = await t.deps.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE target = ${`member:${member.id}`} ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual([
      'sms_reminders.opt_out',
      'sms_reminders.opt_in',
      'sms_reminders.opt_out',
    ]);
  });

  it('queues at most REMINDER_SMS_PER_MINUTE reminders in any minute and resumes in the next', async () => {
    await runJob(); // whatever other tests left pending
    const year = 2033;
    const admin = await makeStaff(t);
    const members = await shortMembers(year, 5);
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year })).json();
    const clock = new FixedClock(new Date('2040-06-01T02:00:00Z'));
    const throttled = { ...t.deps, clock, config: { ...t.deps.config, REMINDER_SMS_PER_MINUTE: 2 } };

    expect(await runJob(throttled)).toMatchObject({ enqueued: 2, throttled: true });
    expect(await runJob(throttled)).toMatchObject({ enqueued: 0, throttled: true });
    const midway = (await call('GET', `/api/admin/reminders/${id}`, admin.cookie)).json();
    expect(midway).toMatchObject({ status: 'running', enqueued: 2, progress: 40 });
    clock.advance(61_000);
    expect(await runJob(throttled)).toMatchObject({ enqueued: 2 });
    clock.advance(61_000);
    expect(await runJob(throttled)).toMatchObject({ enqueued: 1, throttled: false });
    expect(await remindersOf(members)).toHaveLength(5);
    expect((await call('GET', `/api/admin/reminders/${id}`, admin.cookie)).json()).toMatchObject({
      status: 'done',
      progress: 100,
    });
  });

  it('stops a cancelled campaign and refuses to cancel it twice', async () => {
    const year = 2034;
    const admin = await makeStaff(t);
    const members = await shortMembers(year, 1);
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year })).json();
    const cancelled = await call('POST', `/api/admin/reminders/${id}/cancel`, admin.cookie);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    await runJob();
    expect(await remindersOf(members)).toEqual([]);
    const again = await call('POST', `/api/admin/reminders/${id}/cancel`, admin.cookie);
    expect(again.statusCode).toBe(409);
    expect((await call('GET', '/api/admin/reminders/99999999', admin.cookie)).statusCode).toBe(404);
    const { rows } = await t.deps.db.execute<{ action: string }>(sql`
      SELECT action FROM audit_log WHERE target = ${`reminder_campaign:${id}`} ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['reminder.create', 'reminder.cancel']);
  });

  it('refuses a campaign for a closed year, and stops one made before the year was closed', async () => {
    const year = 2035;
    const admin = await makeStaff(t);
    const members = await shortMembers(year, 1);
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year })).json();
    await t.deps.db.execute(sql`
      INSERT INTO year_closures (year, status, rule_version, closed_at, closed_by)
      VALUES (${year}, 'closed', 1, now(), ${admin.id})`);
    const res = await call('POST', '/api/admin/reminders', admin.cookie, { year });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'YEAR_CLOSED', message: expect.stringMatching(/年度已关闭/) });
    await runJob();
    expect(await remindersOf(members)).toEqual([]);
    expect((await call('GET', `/api/admin/reminders/${id}`, admin.cookie)).json()).toMatchObject({
      status: 'cancelled',
    });
  });

  it('lets only the national admin run campaigns', async () => {
    const admin = await makeStaff(t);
    const { id } = (await call('POST', '/api/admin/reminders', admin.cookie, { year: 2036 })).json();
    const others = [
      (await makeStaff(t, { role: 'provincial_reviewer' })).cookie,
      (await makeStaff(t, { role: 'institute_admin' })).cookie,
      (await makeMember(t)).cookie,
    ];
    for (const cookie of others) {
      expect((await call('POST', '/api/admin/reminders', cookie, { year: 2036 })).statusCode).toBe(403);
      expect((await call('GET', '/api/admin/reminders?year=2036', cookie)).statusCode).toBe(403);
      expect((await call('GET', '/api/admin/reminders/preview?year=2036', cookie)).statusCode).toBe(403);
      expect((await call('GET', `/api/admin/reminders/${id}`, cookie)).statusCode).toBe(403);
      expect((await call('POST', `/api/admin/reminders/${id}/cancel`, cookie)).statusCode).toBe(403);
    }
    expect((await call('POST', '/api/admin/reminders', '', { year: 2036 })).statusCode).toBe(401);
    await call('POST', `/api/admin/reminders/${id}/cancel`, admin.cookie);
  });

  it('makes one automatic campaign per configured date from 09:00 Shanghai, however many runs', async () => {
    const year = 2037;
    const [member] = await shortMembers(year, 1);
    const at = (iso: string) => ({ ...t.deps, clock: new FixedClock(new Date(iso)) });
    const before = await runJob(at('2037-12-01T00:30:00Z')); // 08:30 in Shanghai
    expect(before.autoCampaign).toBeNull();
    const runs = await Promise.all([runJob(at('2037-12-01T02:00:00Z')), runJob(at('2037-12-01T02:00:00Z'))]);
    expect(runs.filter((r) => r.autoCampaign !== null)).toHaveLength(1);
    expect((await runJob(at('2037-12-01T05:00:00Z'))).autoCampaign).toBeNull();
    expect((await runJob(at('2037-12-02T02:00:00Z'))).autoCampaign).toBeNull();
    const { rows } = await t.deps.db.execute<{
      auto_key: string;
      created_by: number | null;
      status: string;
    }>(sql`
      SELECT auto_key, created_by, status FROM reminder_campaigns WHERE year = ${year}`);
    expect(rows).toEqual([{ auto_key: '2037-12-01', created_by: null, status: 'done' }]);
    expect(await remindersOf([member!])).toHaveLength(1);
    expect(findJob('reminder-campaign')?.schedule).toBe('* * * * *');
  });
});
