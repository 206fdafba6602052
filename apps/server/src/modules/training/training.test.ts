import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { type MemberFixture, makeMember, makeStaff, type StaffFixture } from '../../../test/fixtures.ts';
import { learningNow, YEAR } from '../../../test/learning.ts';

/** 培训通知 and 面授: scope, unread marks, the capacity under concurrent sign-ups, roster imports. */
let t: TestApp;
let sh: StaffFixture;
let bj: StaffFixture;

beforeAll(async () => {
  t = await buildTestApp({}, learningNow());
  sh = await makeStaff(t, { role: 'provincial_reviewer', province: '31' });
  bj = await makeStaff(t, { role: 'provincial_reviewer', province: '11' });
});
afterAll(() => t.close());

const api = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload ? { payload } : {}) });

const notice = (over: Record<string, unknown> = {}) => ({
  title: '审计准则更新面授培训',
  body: '培训内容：\n新审计准则解读',
  place: '上海市浦东新区',
  startsOn: `${YEAR}-07-01`,
  endsOn: `${YEAR}-07-02`,
  signupDeadline: `${YEAR}-06-30`,
  hours: 8.5,
  ethics: true,
  capacity: 50,
  memberTypes: ['practicing'],
  ...over,
});

async function publish(staff = sh, over: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/staff/trainings', staff.cookie, notice(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; capacity: number };
}

async function roster(rows: Array<[string, string]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('出勤名单');
  ws.addRow(['证书编号', '姓名']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function importRoster(staff: StaffFixture, id: number, file: Buffer, dryRun = false) {
  const boundary = '----cpe-roster';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/staff/trainings/${id}/attendance${dryRun ? '?dryRun=true' : ''}`,
    headers: { cookie: staff.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const ledger = async (memberId: number) =>
  (
    await t.deps.db.execute<{ n: number; sum: number }>(sql`
      SELECT count(*)::int AS n, COALESCE(sum(hours_hundredths), 0)::int AS sum FROM hour_ledger
      WHERE member_id = ${memberId} AND source_type = 'training' AND bucket = 'face_to_face'`)
  ).rows[0]!;

describe('培训通知', () => {
  it('shows a province’s notice to its members of the listed types, with an unread mark until opened', async () => {
    const training = await publish();
    const member = await makeMember(t, { province: '31' });
    const beijing = await makeMember(t, { province: '11' });
    const nonPracticing = await makeMember(t, { province: '31', memberType: 'non_practicing' });

    const list = (await api('GET', '/api/trainings', member.cookie)).json();
    expect(list.find((x: { id: number }) => x.id === training.id)).toMatchObject({
      read: false,
      hours: 8.5,
      ethics: true,
      signupOpen: true,
      mySignup: false,
    });
    expect((await api('GET', `/api/trainings/${training.id}`, member.cookie)).json().read).toBe(true);
    const again = (await api('GET', '/api/trainings', member.cookie)).json();
    expect(again.find((x: { id: number }) => x.id === training.id).read).toBe(true);

    for (const other of [beijing, nonPracticing]) {
      const theirs = (await api('GET', '/api/trainings', other.cookie)).json();
      expect(theirs.map((x: { id: number }) => x.id)).not.toContain(training.id);
      expect((await api('POST', `/api/trainings/${training.id}/signup`, other.cookie)).statusCode).toBe(404);
    }
    // the national admin's notice is nationwide
    const national = await makeStaff(t);
    const everywhere = await publish(national, { title: '全国职业道德培训' });
    const seen = (await api('GET', '/api/trainings', beijing.cookie)).json();
    expect(seen.map((x: { id: number }) => x.id)).toContain(everywhere.id);
  });

  it('validates dates and hours', async () => {
    for (const bad of [
      { hours: 1.234 },
      { endsOn: `${YEAR}-06-01` },
      { signupDeadline: `${YEAR}-08-01` },
      { startsOn: `${YEAR}-02-30` },
      { memberTypes: [] },
    ]) {
      const res = await api('POST', '/api/staff/trainings', sh.cookie, notice(bad));
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  it('signs up and cancels before the deadline, not after', async () => {
    const training = await publish();
    const member = await makeMember(t);
    const signed = await api('POST', `/api/trainings/${training.id}/signup`, member.cookie);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ mySignup: true, signedUp: 1 });
    const cancelled = await api('DELETE', `/api/trainings/${training.id}/signup`, member.cookie);
    expect(cancelled.json()).toMatchObject({ mySignup: false, signedUp: 0 });
    await api('POST', `/api/trainings/${training.id}/signup`, member.cookie);

    // a notice whose sign-up closed yesterday (clock: 15 June)
    const closed = await publish(sh, {
      startsOn: `${YEAR}-06-20`,
      endsOn: `${YEAR}-06-20`,
      signupDeadline: `${YEAR}-06-14`,
    });
    await t.deps.db.execute(sql`
      INSERT INTO training_signups (training_id, member_id, signed_up_at) VALUES (${closed.id}, ${member.id}, now())`);
    const late = await api('DELETE', `/api/trainings/${closed.id}/signup`, member.cookie);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('SIGNUP_CLOSED');
    const other = await makeMember(t);
    const refused = await api('POST', `/api/trainings/${closed.id}/signup`, other.cookie);
    expect(refused.json().code).toBe('SIGNUP_CLOSED');
    expect((await api('GET', `/api/trainings/${closed.id}`, other.cookie)).json().signupOpen).toBe(false);
  });

  it('holds the capacity when 20 members race for the last 5 places', async () => {
    const training = await publish(sh, { capacity: 7 });
    for (const early of [await makeMember(t), await makeMember(t)]) {
      expect((await api('POST', `/api/trainings/${training.id}/signup`, early.cookie)).statusCode).toBe(200);
    }
    const racers: MemberFixture[] = [];
    for (let i = 0; i < 20; i++) racers.push(await makeMember(t));
    const results = await Promise.all(
      racers.map((m) => api('POST', `/api/trainings/${training.id}/signup`, m.cookie)),
    );
    const codes = results.map((r) => (r.statusCode === 200 ? 'OK' : r.json().code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TRAINING_FULL')).toHaveLength(15);
    const { rows } = await t.deps.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM training_signups WHERE training_id = ${training.id} AND cancelled_at IS NULL`);
    expect(rows[0]!.n).toBe(7);
  }, 120_000);
});

describe('面授 attendance', () => {
  it('checks every roster row before saving anything, and posts 面授 hours exactly once', async () => {
    const training = await publish(sh, { hours: 6.5, ethics: true });
    const a = await makeMember(t, { name: '张一' });
    const b = await makeMember(t, { name: '李二' });
    const beijing = await makeMember(t, { province: '11', name: '王三' });

    const broken = await importRoster(
      sh,
      training.id,
      await roster([
        [a.username, '张一'],
        ['319999999999', '无此人'],
        [b.username, '错名字'],
        [beijing.username, '王三'],
        [a.username, '张一'],
      ]),
    );
    expect(broken.statusCode, broken.body).toBe(200);
    expect(broken.json().recorded).toBe(0);
    expect(broken.json().errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6]);
    expect((await ledger(a.id)).n).toBe(0);

    const good = await roster([
      [a.username, '张一'],
      [b.username, '李二'],
    ]);
    const dry = await importRoster(sh, training.id, good, true);
    expect(dry.json()).toMatchObject({ dryRun: true, errors: [], recorded: 0, rows: 2 });
    expect((await ledger(a.id)).n).toBe(0);

    const first = await importRoster(sh, training.id, good);
    expect(first.json()).toMatchObject({ errors: [], recorded: 2 });
    const second = await importRoster(sh, training.id, good);
    expect(second.json()).toMatchObject({ errors: [], recorded: 0 });
    expect(await ledger(a.id)).toEqual({ n: 1, sum: 650 });
    expect(await ledger(b.id)).toEqual({ n: 1, sum: 650 });
    // and by hand, once more: still nothing new
    const manual = await api('POST', `/api/staff/trainings/${training.id}/attendance/manual`, sh.cookie, {
      usernames: [a.username],
    });
    expect(manual.json().recorded).toBe(0);

    const hours = (await api('GET', `/api/me/hours?year=${YEAR}`, a.cookie)).json();
    expect(hours.credited.faceToFace).toBe(6.5);
    expect(
      hours.entries.some(
        (e: { source: string; hours: number }) => e.source === 'training' && e.hours === 6.5,
      ),
    ).toBe(true);
    expect(
      (await api('GET', '/api/trainings', a.cookie)).json().find((x: { id: number }) => x.id === training.id)
        .attended,
    ).toBe(true);
  });

  it('shows a 面授 entry in 学时查询 under the training’s title', async () => {
    const title = `内部控制面授培训${Date.now() % 100000}`;
    const training = await publish(sh, { title, hours: 4, ethics: false });
    const member = await makeMember(t);
    const recorded = await api('POST', `/api/staff/trainings/${training.id}/attendance/manual`, sh.cookie, {
      usernames: [member.username],
    });
    expect(recorded.json().recorded).toBe(1);
    const { entries } = (await api('GET', `/api/me/hours?year=${YEAR}`, member.cookie)).json();
    expect(entries).toEqual([
      expect.objectContaining({ source: 'training', training: title, course: null, lesson: null, hours: 4 }),
    ]);
  });

  it('answers a file that is not an Excel roster or has the wrong headers with a Chinese message', async () => {
    const training = await publish();
    const res = await importRoster(sh, training.id, Buffer.from('not a workbook'));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Excel/);
    const template = await api('GET', '/api/staff/trainings/attendance-template', sh.cookie);
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, '证书编号', '姓名']);
  });

  it('keeps each provincial reviewer to their own province’s trainings', async () => {
    const training = await publish(sh);
    const member = await makeMember(t, { name: '周四' });
    const list = (await api('GET', '/api/staff/trainings', bj.cookie)).json();
    expect(list.map((x: { id: number }) => x.id)).not.toContain(training.id);
    const attempts = [
      await api('GET', `/api/staff/trainings/${training.id}/signups`, bj.cookie),
      await importRoster(bj, training.id, await roster([[member.username, '周四']])),
      await api('POST', `/api/staff/trainings/${training.id}/attendance/manual`, bj.cookie, {
        usernames: [member.username],
      }),
    ];
    for (const res of attempts) expect(res.statusCode, res.body).toBe(404);
    expect((await ledger(member.id)).n).toBe(0);

    const national = await makeStaff(t);
    const all = (await api('GET', '/api/staff/trainings', national.cookie)).json();
    expect(all.map((x: { id: number }) => x.id)).toContain(training.id);

    const institute = await makeStaff(t, { role: 'institute_admin', instituteId: 2 });
    for (const cookie of [institute.cookie, member.cookie]) {
      expect((await api('GET', '/api/staff/trainings', cookie)).statusCode).toBe(403);
      expect((await api('POST', '/api/staff/trainings', cookie, notice())).statusCode).toBe(403);
    }
  });
});
