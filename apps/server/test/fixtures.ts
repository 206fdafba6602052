/**
 * Fixture factories: each test makes the accounts, choices and progress it needs, so it passes alone
 * and in any order instead of relying on the demo accounts' state or on what an earlier test left.
 */
import { randomInt } from 'node:crypto';
import { idCheckChar } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import { hashParams, hashPassword } from '../src/modules/auth/password.ts';
import { DEMO_PASSWORD, login, type TestApp } from './app.ts';
import { chooseInstitute, watchToEnd, YEAR } from './learning.ts';

export const FIXTURE_PASSWORD = DEMO_PASSWORD;

type MemberType = 'practicing' | 'non_practicing';
type StaffRole = 'national_admin' | 'provincial_reviewer' | 'institute_admin' | 'system_admin';

export interface MemberFixture {
  id: number;
  username: string;
  memberType: MemberType;
  provinceCode: string;
  /** a session cookie header of the member, logged in through the real route */
  cookie: string;
}

export interface StaffFixture {
  id: number;
  username: string;
  role: StaffRole;
  cookie: string;
}

export interface MemberOptions {
  memberType?: MemberType;
  /** province code, '31' (上海) unless given */
  province?: string;
  registeredOn?: string;
  name?: string;
  /** the institute chosen for the current learning year, none unless given */
  institute?: number;
  /** false: the account is only created, no session is opened */
  login?: boolean;
}

const hashes = new Map<string, Promise<string>>();
/** One hash per parameter set: hashing is slow on purpose and every fixture uses the same password. */
function fixtureHash(t: TestApp): Promise<string> {
  const params = hashParams(t.deps.config);
  const key = `${params.memoryCost}/${params.timeCost}`;
  let hash = hashes.get(key);
  if (!hash) {
    hash = hashPassword(FIXTURE_PASSWORD, params);
    hashes.set(key, hash);
  }
  return hash;
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** A valid-looking ID number (check character included) and mobile number, random per member. */
function identity() {
  const first17 = `310101${1970 + randomInt(30)}0${1 + randomInt(9)}1${randomInt(10)}${digits(3)}`;
  return { idNumber: first17 + idCheckChar(first17), mobile: `139${digits(8)}` };
}

/** The firm a practicing member of `province` belongs to, created on first use. */
async function firmOf(t: TestApp, province: string): Promise<number> {
  const name = `测试会计师事务所（${province}）`;
  await t.deps.db.execute(
    sql`INSERT INTO firms (name, province_code) VALUES (${name}, ${province}) ON CONFLICT (name) DO NOTHING`,
  );
  const { rows } = await t.deps.db.execute<{ id: number }>(sql`SELECT id FROM firms WHERE name = ${name}`);
  return Number(rows[0]!.id);
}

/**
 * A new member with a unique certificate number, logged in (unless `login: false`) and, when
 * `institute` is given, with that institute chosen for the current learning year.
 */
export async function makeMember(t: TestApp, options: MemberOptions = {}): Promise<MemberFixture> {
  const memberType = options.memberType ?? 'practicing';
  const province = options.province ?? '31';
  const username = memberType === 'practicing' ? `${province}${digits(10)}` : `N${province}${digits(11)}`;
  const firmId = memberType === 'practicing' ? await firmOf(t, province) : null;
  const { idNumber, mobile } = identity();
  const { rows } = await t.deps.db.execute<{ id: number }>(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id,
      registered_on, password_hash)
    VALUES (${memberType}, ${username}, ${options.name ?? '测试会员'}, ${idNumber}, ${mobile}, ${province},
      ${firmId}, ${options.registeredOn ?? '2015-01-01'}, ${await fixtureHash(t)})
    RETURNING id`);
  const member = { id: Number(rows[0]!.id), username, memberType, provinceCode: province, cookie: '' };
  if (options.login === false) return member;
  member.cookie = (await login(t.app, username, memberType, FIXTURE_PASSWORD)).cookie;
  if (options.institute !== undefined) {
    const res = await chooseInstitute(t.app, member.cookie, options.institute);
    if (res.statusCode !== 201) throw new Error(`choosing institute failed: ${res.statusCode} ${res.body}`);
  }
  return member;
}

export interface StaffOptions {
  role?: StaffRole;
  province?: string;
  instituteId?: number;
  name?: string;
  login?: boolean;
}

/** A new staff account (national admin unless `role` says otherwise), logged in unless `login: false`. */
export async function makeStaff(t: TestApp, options: StaffOptions = {}): Promise<StaffFixture> {
  const role = options.role ?? 'national_admin';
  const province = role === 'provincial_reviewer' ? (options.province ?? '31') : null;
  const instituteId = role === 'institute_admin' ? (options.instituteId ?? 2) : null;
  const username = `staff-${digits(10)}`;
  const { rows } = await t.deps.db.execute<{ id: number }>(sql`
    INSERT INTO staff (username, name, role, province_code, institute_id, password_hash)
    VALUES (${username}, ${options.name ?? '测试管理人员'}, ${role}, ${province}, ${instituteId},
      ${await fixtureHash(t)})
    RETURNING id`);
  const staff = { id: Number(rows[0]!.id), username, role, cookie: '' };
  if (options.login === false) return staff;
  staff.cookie = (await login(t.app, username, 'staff', FIXTURE_PASSWORD)).cookie;
  return staff;
}

/** Records the year's learning fee as paid (the payment itself is not built yet). */
export async function payFee(t: TestApp, memberId: number, year = YEAR, amountFen = 8000) {
  await t.deps.db.execute(sql`
    INSERT INTO fee_payments (member_id, year, amount_fen, paid_at)
    VALUES (${memberId}, ${year}, ${amountFen}, ${t.clock.now().toISOString()}::timestamptz)`);
}

/** Submits a lesson's evaluation through the real route. */
export const evaluateLesson = (
  t: TestApp,
  cookie: string,
  lessonId: number,
  payload: Record<string, unknown> = { rating: 5 },
) =>
  t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/evaluation`, headers: { cookie }, payload });

/**
 * Watches a lesson honestly to the end through the real route and, unless `evaluation` is null,
 * evaluates it (北京 and 上海 ask a questionnaire: pass `{ rating, answers }`; 厦门 needs a rating only).
 */
export async function completeLesson(
  t: TestApp,
  cookie: string,
  lesson: { id: number; durationSeconds: number },
  evaluation: Record<string, unknown> | null = { rating: 5 },
) {
  const watched = await watchToEnd(t, cookie, lesson);
  if (watched.statusCode !== 200 || !watched.json().completed) {
    throw new Error(`lesson ${lesson.id} not completed: ${watched.statusCode} ${watched.body}`);
  }
  if (evaluation === null) return;
  const res = await evaluateLesson(t, cookie, lesson.id, evaluation);
  if (res.statusCode !== 201)
    throw new Error(`evaluating lesson ${lesson.id} failed: ${res.statusCode} ${res.body}`);
}
