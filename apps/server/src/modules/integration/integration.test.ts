import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { hourRecord, makeKey, push, storedCount } from '../../../test/integration.ts';
import { buildLearningApp, YEAR } from '../../../test/learning.ts';
import { findJob } from '../../jobs/registry.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

async function ledgerOf(memberId: number) {
  const { rows } = await t.deps.db.execute<Record<string, unknown>>(sql`
    SELECT year, hours_hundredths, bucket, ethics, detail->>'course' AS course FROM hour_ledger
    WHERE member_id = ${memberId} AND source_type = 'integration' ORDER BY hours_hundredths`);
  return rows.map((r) => ({
    year: Number(r.year),
    hundredths: Number(r.hours_hundredths),
    bucket: r.bucket,
    ethics: Boolean(r.ethics),
    course: r.course,
  }));
}

/** The member's choice of an institute for a past year, as it was made then. */
async function choseBefore(memberId: number, year: number, instituteId = 2) {
  await t.deps.db.execute(sql`
    INSERT INTO institute_choices (member_id, year, institute_id, chosen_at)
    VALUES (${memberId}, ${year}, ${instituteId}, ${`${year}-01-10T02:00:00Z`}::timestamptz)`);
}

const pastRecord = (member: Parameters<typeof hourRecord>[1], year: number) =>
  hourRecord(t, member, {
    year,
    completedAt: `${year}-06-01T02:00:00Z`,
    evaluatedAt: `${year}-06-01T03:00:00Z`,
  });

describe('institute integration API: accepted records', () => {
  it('accepts a good batch; the daily sync posts it once as online hours, seen in 学时查询', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = [
      hourRecord(t, member),
      hourRecord(t, member, { kind: 'required', ethics: true, hours: 2, lessonTitle: '第二讲 职业道德' }),
    ];
    // a browser's Origin header does not matter here: the route is signed, not cookie-authenticated
    const res = await push(t, key, records, { headers: { origin: 'https://elsewhere.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 2,
      duplicates: 0,
      refused: 0,
      rows: records.map((r) => ({ recordId: r.recordId, status: 'accepted' })),
    });
    expect(res.json().batchId).toEqual(expect.any(Number));

    // not in the ledger before the sync: pending, as evaluated lessons are (次日可查询)
    expect(await ledgerOf(member.id)).toEqual([]);
    const before = await t.app.inject({
      url: `/api/me/hours?year=${YEAR}`,
      headers: { cookie: member.cookie },
    });
    expect(before.json().pendingHours).toBe(3.5);

    const sync = findJob('daily-sync')!;
    await sync.run(t.deps);
    await sync.run(t.deps);
    expect(await ledgerOf(member.id)).toEqual([
      { year: YEAR, hundredths: 150, bucket: 'online_elective', ethics: false, course: '外部平台：审计实务' },
      { year: YEAR, hundredths: 200, bucket: 'online_required', ethics: true, course: '外部平台：审计实务' },
    ]);
    const after = await t.app.inject({
      url: `/api/me/hours?year=${YEAR}`,
      headers: { cookie: member.cookie },
    });
    const hours = after.json();
    expect(hours).toMatchObject({ pendingHours: 0, recordedHours: 3.5 });
    expect(hours.credited.online).toBe(3.5);
    expect(hours.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'integration',
          course: '外部平台：审计实务',
          lesson: '第二讲 职业道德',
          kind: 'required',
          ethics: true,
          hours: 2,
        }),
      ]),
    );
  });

  it('reports duplicate record ids within a batch and across batches once, and refuses other content', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const a = hourRecord(t, member);
    const b = hourRecord(t, member);
    const first = await push(t, key, [a, a, b, { ...b, hours: 3 }]);
    expect(first.json()).toMatchObject({
      accepted: 2,
      duplicates: 1,
      refused: 1,
      rows: [
        { recordId: a.recordId, status: 'accepted' },
        { recordId: a.recordId, status: 'duplicate' },
        { recordId: b.recordId, status: 'accepted' },
        { recordId: b.recordId, status: 'refused', code: 'CONFLICTING_RECORD' },
      ],
    });
    const again = await push(t, key, [a, { ...b, lessonTitle: '另一讲' }]);
    expect(again.json()).toMatchObject({
      accepted: 0,
      duplicates: 1,
      refused: 1,
      rows: [
        { recordId: a.recordId, status: 'duplicate' },
        {
          recordId: b.recordId,
          status: 'refused',
          code: 'CONFLICTING_RECORD',
          message: expect.stringMatching(/不同内容/),
        },
      ],
    });
    expect(await storedCount(t, member.id)).toBe(2);
  });

  it('inserts each record once when identical batches arrive at the same time, in any order', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = Array.from({ length: 20 }, () => hourRecord(t, member));
    const answers = await Promise.all([
      push(t, key, records),
      push(t, key, records),
      push(t, key, [...records].reverse()),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(answers.reduce((n, r) => n + r.json().accepted, 0)).toBe(20);
    expect(answers.reduce((n, r) => n + r.json().duplicates, 0)).toBe(40);
    expect(await storedCount(t, member.id)).toBe(20);
  });

  it('keeps records of the same id apart per institute', async () => {
    const member = await makeMember(t, { institute: 2 });
    const other = await makeMember(t, { institute: 1 });
    const record = hourRecord(t, member);
    expect((await push(t, await makeKey(t, 'snai'), [record])).json().accepted).toBe(1);
    const res = await push(t, await makeKey(t, 'bnai'), [{ ...record, certificateNumber: other.username }]);
    expect(res.json()).toMatchObject({ accepted: 1, rows: [{ status: 'accepted' }] });
  });
});

describe('institute integration API: refused rows', () => {
  it('refuses a member who chose another institute, an unknown member and bad rows, accepting the rest', async () => {
    const key = await makeKey(t);
    const ours = await makeMember(t, { institute: 2 });
    const theirs = await makeMember(t, { institute: 1 });
    const none = await makeMember(t, { login: false });
    const now = t.clock.now().getTime();
    const res = await push(t, key, [
      hourRecord(t, ours),
      hourRecord(t, theirs),
      hourRecord(t, none),
      hourRecord(t, ours, { certificateNumber: '319999999999' }),
      hourRecord(t, ours, { memberType: 'non_practicing' }),
      hourRecord(t, ours, { hours: 1.234 }),
      hourRecord(t, ours, { hours: 0 }),
      hourRecord(t, ours, { evaluatedAt: new Date(now - 3 * 3600_000).toISOString() }),
      hourRecord(t, ours, { evaluatedAt: new Date(now + 3600_000).toISOString() }),
      // 1 January 00:00 in Shanghai: the new year's hours; 23:00 the evening before: the year before's
      hourRecord(t, ours, {
        completedAt: `${YEAR - 1}-12-31T16:00:00Z`,
        evaluatedAt: `${YEAR - 1}-12-31T17:00:00Z`,
      }),
      hourRecord(t, ours, {
        completedAt: `${YEAR - 1}-12-31T15:00:00Z`,
        evaluatedAt: `${YEAR - 1}-12-31T17:00:00Z`,
      }),
      { recordId: 'broken', hours: 1 },
      'not a record',
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 2, refused: 11 });
    expect(body.rows.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'accepted',
      'INSTITUTE_NOT_CHOSEN',
      'INSTITUTE_NOT_CHOSEN',
      'NOT_FOUND',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'accepted',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    expect(body.rows[10].message).toMatch(/年度内/);
    expect(body.rows[5].message).toMatch(/两位小数/);
    expect(body.rows[12].recordId).toBe('#13');
    expect(await storedCount(t, ours.id)).toBe(2);
    expect(await storedCount(t, theirs.id)).toBe(0);
  });

  it('refuses a row with a control character in any of its strings, alone (VAL-1)', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const good = hourRecord(t, member);
    const fields = Object.entries(good)
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k);
    const spoilt = fields.flatMap((field) =>
      ['\u0000', '\n', '\u001b'].map((c) => {
        const r: Record<string, unknown> = hourRecord(t, member);
        r[field] = `${String(r[field]).slice(0, 4)}${c}${String(r[field]).slice(4)}`;
        return r;
      }),
    );
    const res = await push(t, key, [good, ...spoilt]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, refused: spoilt.length });
    for (const row of res.json().rows.slice(1)) {
      expect(row).toMatchObject({
        status: 'refused',
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      });
    }
    expect(await storedCount(t, member.id)).toBe(1);
  });

  it('refuses records of a closed year and of a year whose study window has ended', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    await choseBefore(member.id, YEAR - 1);
    await choseBefore(member.id, YEAR - 2);
    const admin = await makeStaff(t, { login: false });
    await t.deps.db.execute(sql`
      INSERT INTO year_closures (year, status, rule_version, closed_at, closed_by)
      VALUES (${YEAR - 2}, 'closed', 1, now(), ${admin.id}) ON CONFLICT (year) DO NOTHING`);
    const res = await push(t, key, [pastRecord(member, YEAR - 2), pastRecord(member, YEAR - 1)]);
    expect(res.json().rows).toMatchObject([
      { status: 'refused', code: 'YEAR_CLOSED' },
      { status: 'refused', code: 'STUDY_WINDOW_CLOSED', message: expect.stringMatching(/结束/) },
    ]);
    expect(await storedCount(t, member.id)).toBe(0);
  });
});

/** Each of the member's records: its ledger entries and whether it is marked synced, by record id. */
async function syncStateOf(memberId: number) {
  const { rows } = await t.deps.db.execute<{ record_id: string; entries: number; synced: boolean }>(sql`
    SELECT r.record_id, r.synced_at IS NOT NULL AS synced,
      (SELECT count(*) FROM hour_ledger h WHERE h.source_type = 'integration' AND h.source_id = r.id)::int
        AS entries
    FROM integration_hour_records r WHERE r.member_id = ${memberId} ORDER BY r.id`);
  return Object.fromEntries(rows.map((r) => [r.record_id, { entries: Number(r.entries), synced: r.synced }]));
}

describe('daily sync of institute records reads the pending ones only', () => {
  it('posts and marks each pending record once, marks one already posted, and leaves marked ones alone', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const [fresh, posted, marked] = [hourRecord(t, member), hourRecord(t, member), hourRecord(t, member)];
    expect((await push(t, key, [fresh, posted, marked])).json().accepted).toBe(3);
    const idOf = async (recordId: string) =>
      Number(
        (
          await t.deps.db.execute<{ id: string }>(
            sql`SELECT id FROM integration_hour_records WHERE record_id = ${recordId}`,
          )
        ).rows[0]!.id,
      );
    // `posted`: in the ledger already, its mark lost (as by a run killed between the two, which one
    // statement rules out, or data from before the mark existed): marked now, not posted twice.
    await appendEntry(t.deps.db, {
      memberId: member.id,
      year: YEAR,
      sourceType: 'integration',
      sourceId: await idOf(posted.recordId),
      hoursHundredths: 150,
      bucket: 'online_elective',
      ethics: false,
      createdBy: 'daily-sync',
      postedAt: t.clock.now(),
    });
    // `marked`: a run reads pending records only, so one marked synced is not looked at again
    await t.deps.db.execute(
      sql`UPDATE integration_hour_records SET synced_at = now() WHERE record_id = ${marked.recordId}`,
    );
    expect(await syncStateOf(member.id)).toEqual({
      [fresh.recordId]: { entries: 0, synced: false },
      [posted.recordId]: { entries: 1, synced: false },
      [marked.recordId]: { entries: 0, synced: true },
    });

    await findJob('daily-sync')!.run(t.deps);
    await findJob('daily-sync')!.run(t.deps);
    expect(await syncStateOf(member.id)).toEqual({
      [fresh.recordId]: { entries: 1, synced: true },
      [posted.recordId]: { entries: 1, synced: true },
      [marked.recordId]: { entries: 0, synced: true },
    });
  });

  it('keeps a record of a closed year pending, and posts it once the year is re-opened', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const record = hourRecord(t, member);
    expect((await push(t, key, [record])).json().accepted).toBe(1);
    // the year is closed after the record was accepted (the API refuses records of a closed year)
    const admin = await makeStaff(t, { login: false });
    await t.deps.db.execute(sql`
      INSERT INTO year_closures (year, status, rule_version, closed_at, closed_by)
      VALUES (${YEAR}, 'closed', 1, now(), ${admin.id})
      ON CONFLICT (year) DO UPDATE SET status = 'closed'`);
    try {
      await findJob('daily-sync')!.run(t.deps);
      expect(await syncStateOf(member.id)).toEqual({ [record.recordId]: { entries: 0, synced: false } });
    } finally {
      await t.deps.db.execute(sql`UPDATE year_closures SET status = 'reopened' WHERE year = ${YEAR}`);
    }
    await findJob('daily-sync')!.run(t.deps);
    expect(await syncStateOf(member.id)).toEqual({ [record.recordId]: { entries: 1, synced: true } });
  });
});
