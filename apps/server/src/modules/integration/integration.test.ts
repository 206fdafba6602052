import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { hourRecord, makeKey, push, pushRaw } from '../../../test/integration.ts';
import { buildLearningApp, learningNow, YEAR } from '../../../test/learning.ts';
import { findJob } from '../../jobs/registry.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

async function ledgerOf(memberId: number) {
  const { rows } = await t.deps.db.execute<Record<string, unknown>>(sql`
    SELECT year, hours_hundredths, bucket, ethics, detail->>'course' AS course FROM hour_ledger
    WHERE member_id = ${memberId} AND source_type = 'integration' ORDER BY id`);
  return rows.map((r) => ({
    year: Number(r.year),
    hundredths: Number(r.hours_hundredths),
    bucket: r.bucket,
    ethics: Boolean(r.ethics),
    course: r.course,
  }));
}

async function storedCount(memberId: number) {
  const { rows } = await t.deps.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM integration_hour_records WHERE member_id = ${memberId}`,
  );
  return Number(rows[0]!.n);
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
    expect(await storedCount(member.id)).toBe(2);
  });

  it('inserts each record once when identical batches arrive at the same time', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = Array.from({ length: 20 }, () => hourRecord(t, member));
    const answers = await Promise.all([push(t, key, records), push(t, key, records), push(t, key, records)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(answers.reduce((n, r) => n + r.json().accepted, 0)).toBe(20);
    expect(answers.reduce((n, r) => n + r.json().duplicates, 0)).toBe(40);
    expect(await storedCount(member.id)).toBe(20);
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
    expect(await storedCount(ours.id)).toBe(2);
    expect(await storedCount(theirs.id)).toBe(0);
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
    expect(await storedCount(member.id)).toBe(1);
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
    expect(await storedCount(member.id)).toBe(0);
  });
});

describe('institute integration API: signed requests', () => {
  it('refuses a bad signature, an unknown key, missing headers and a stale timestamp (401)', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = [hourRecord(t, member)];
    const bad = await push(t, key, records, { secret: 'not-the-secret' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ code: 'SIGNATURE_INVALID', message: '签名不正确' });
    // the body is what is signed: a changed body fails a signature made for another
    const body = JSON.stringify({ records });
    const tampered = await pushRaw(t, key, body.replace('1.5', '15'), { signBody: body });
    expect(tampered.json()).toEqual({ code: 'SIGNATURE_INVALID', message: '签名不正确' });
    const unknown = await push(t, { keyId: 'ik_nobody', secret: key.secret }, records);
    expect(unknown.json()).toMatchObject({ code: 'SIGNATURE_INVALID', message: '密钥不存在或已停用' });
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/integration/v1/hour-records',
      payload: { records },
    });
    expect(bare.statusCode).toBe(401);
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    const stale = await push(t, key, records, { timestamp: nowSeconds - 301 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('REQUEST_EXPIRED');
    const future = await push(t, key, records, { timestamp: nowSeconds + 301 });
    expect(future.json().code).toBe('REQUEST_EXPIRED');
    expect((await push(t, key, records, { timestamp: nowSeconds - 290 })).statusCode).toBe(200);
  });

  it('refuses a replayed request (same nonce) with 409 and stores nothing twice', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = [hourRecord(t, member)];
    const nonce = 'replay-nonce-0123456789';
    expect((await push(t, key, records, { nonce })).statusCode).toBe(200);
    const replay = await push(t, key, records, { nonce });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe('REQUEST_REPLAYED');
    // even with new content: the nonce is spent
    expect((await push(t, key, [hourRecord(t, member)], { nonce })).statusCode).toBe(409);
    expect(await storedCount(member.id)).toBe(1);
    // another key may use the same nonce
    expect((await push(t, await makeKey(t), [hourRecord(t, member)], { nonce })).statusCode).toBe(200);
  });

  it('refuses a key disabled with `cpe integration disable`', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const { integrationCommands } = await import('../../cli/integration.ts');
    const disable = integrationCommands.find((c) => c.matches(['integration', 'disable']))!;
    const quiet = console.log;
    console.log = () => {};
    try {
      expect(await disable.run(['integration', 'disable', key.keyId], t.deps)).toBe(0);
    } finally {
      console.log = quiet;
    }
    const res = await push(t, key, [hourRecord(t, member)]);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('密钥不存在或已停用');
  });

  it('refuses a body over the limit and a batch over 1000 records (413)', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const big = await pushRaw(t, key, JSON.stringify({ records: [], pad: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    const many = Array.from({ length: 1001 }, () => hourRecord(t, member));
    const res = await push(t, key, many);
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/1000/);
    expect(await storedCount(member.id)).toBe(0);
    const empty = await push(t, key, []);
    expect(empty.statusCode).toBe(400);
  });

  it('is in the OpenAPI document with its signature headers and record fields', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    const op = res.json().paths['/api/integration/v1/hour-records'].post;
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining([
        'header:x-cpe-key',
        'header:x-cpe-timestamp',
        'header:x-cpe-nonce',
        'header:x-cpe-signature',
      ]),
    );
    const schema = op.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties.records.items.properties)).toEqual(
      expect.arrayContaining(['recordId', 'certificateNumber', 'hours', 'completedAt', 'evaluatedAt']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '409', '413']));
  });
});

describe('cpe integration', () => {
  it('issues a key whose secret is printed once, lists keys without secrets, and disables them', async () => {
    const { integrationCommands } = await import('../../cli/integration.ts');
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const log = console.log;
      const err = console.error;
      console.log = (...a: unknown[]) => out.push(a.join(' '));
      console.error = console.log;
      try {
        const code = await integrationCommands.find((c) => c.matches(argv))!.run(argv, t.deps);
        return { code, out: out.join('\n') };
      } finally {
        console.log = log;
        console.error = err;
      }
    };
    const created = await run(['integration', 'create-key', '--institute', 'xnai']);
    expect(created.code).toBe(0);
    const keyId = /key id: +(ik_[0-9a-f]{16})/.exec(created.out)![1]!;
    const secret = /secret: +(\S+)/.exec(created.out)![1]!;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const listed = await run(['integration', 'list']);
    expect(listed.out).toMatch(new RegExp(`${keyId}  xnai  \\S+  enabled`));
    expect(listed.out).not.toContain(secret);
    expect((await run(['integration', 'create-key', '--institute', 'nope'])).code).toBe(1);
    expect((await run(['integration', 'disable', keyId])).code).toBe(0);
    expect((await run(['integration', 'disable', keyId])).code).toBe(1);
    expect((await run(['integration', 'list'])).out).toMatch(new RegExp(`${keyId}  xnai  \\S+  disabled`));
  });
});

describe('docs/integration-client.mjs', () => {
  it('signs and posts a batch from a JSON file to a running server', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    // the example signs with the real time, so the server's clock is the real time for this request
    t.clock.set(new Date());
    const dir = mkdtempSync(join(tmpdir(), 'cpe-integration-'));
    try {
      const records = [hourRecord(t, member), hourRecord(t, member, { hours: 0.25 })];
      const file = join(dir, 'records.json');
      writeFileSync(file, JSON.stringify({ records: [...records, records[0]] }));
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const script = fileURLToPath(new URL('../../../../../docs/integration-client.mjs', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [script, file], {
        env: { PATH: process.env.PATH, CPE_URL: address, CPE_KEY_ID: key.keyId, CPE_SECRET: key.secret },
      });
      expect(JSON.parse(stdout)).toMatchObject({
        status: 200,
        accepted: 2,
        duplicates: 1,
        refused: 0,
        rows: [{ status: 'accepted' }, { status: 'accepted' }, { status: 'duplicate' }],
      });
      expect(await storedCount(member.id)).toBe(2);
    } finally {
      t.clock.set(learningNow());
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
