import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, cookieOf, type TestApp } from '../../../test/app.ts';
import { FIXTURE_PASSWORD, makeMember, makeStaff } from '../../../test/fixtures.ts';
import { hashPassword } from './password.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const loginAs = (username: string, password: string, userType = 'practicing', cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { userType, username, password, captcha: '' },
    ...(cookie ? { headers: { cookie } } : {}),
  });

type Row = Record<string, unknown>;
const rows = async (query: ReturnType<typeof sql>) => (await t.deps.db.execute<Row>(query)).rows;

/**
 * Every way a statement reaches the database from the app: prepared statements by name (group writes included), drizzle's query
 * builder and raw SQL by entry point. Returns the list in the order they were issued.
 */
function recordStatements() {
  const seen: string[] = [];
  const { database, db } = t.deps;
  const realPrepared = database.prepared.bind(database);
  const prepared = vi.spyOn(database, 'prepared').mockImplementation((stmt, params) => {
    seen.push(stmt.name);
    return realPrepared(stmt, params);
  });
  const builders = (['execute', 'select', 'insert', 'update', 'delete', 'transaction'] as const).map((m) => {
    // biome-ignore lint/suspicious/noExplicitAny: forwards whatever drizzle's overloads take
    const real = (db[m] as (...args: any[]) => unknown).bind(db);
    // biome-ignore lint/suspicious/noExplicitAny: forwards whatever drizzle's overloads take
    return vi.spyOn(db, m).mockImplementation(((...args: any[]) => {
      seen.push(`drizzle:${m}`);
      return real(...args);
    }) as never);
  });
  return {
    seen,
    restore: () => {
      for (const s of [prepared, ...builders]) s.mockRestore();
    },
  };
}

describe('a successful login', () => {
  it('takes the limiter hit, one read, one write and the answer: four prepared statements', async () => {
    const m = await makeMember(t, { login: false });
    const s = await makeStaff(t, { login: false });
    const rec = recordStatements();
    try {
      expect((await loginAs(m.username, FIXTURE_PASSWORD)).statusCode).toBe(200);
      expect(rec.seen).toEqual([
        'cpe_limiter_hit', // the per-address limiter
        'cpe_login_read_member',
        'cpe_login_success',
        'cpe_member_profile',
      ]);
      rec.seen.length = 0;
      expect((await loginAs(s.username, FIXTURE_PASSWORD, 'staff')).statusCode).toBe(200);
      expect(rec.seen.slice(0, 3)).toEqual(['cpe_limiter_hit', 'cpe_login_read_staff', 'cpe_login_success']);
    } finally {
      rec.restore();
    }
  });

  it('clears the failures, ends the session the browser held, opens one session and audits it', async () => {
    const m = await makeMember(t, { login: false, name: '原子会员' });
    expect((await loginAs(m.username, 'wrong-password')).statusCode).toBe(401);
    const first = await loginAs(m.username, FIXTURE_PASSWORD);
    const previous = `cpe_session=${cookieOf(first)}`;
    t.clock.advance(1000);
    const second = await loginAs(m.username, FIXTURE_PASSWORD, 'practicing', previous);
    expect(second.statusCode).toBe(200);
    expect(await rows(sql`SELECT 1 FROM login_failures WHERE username = ${m.username}`)).toEqual([]);
    const sessions = await rows(
      sql`SELECT subject_type, created_at, last_seen_at, expires_at, ip FROM sessions
           WHERE subject_type = 'member' AND subject_id = ${m.id}`,
    );
    const now = t.clock.now();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ subject_type: 'member', ip: '127.0.0.1' });
    expect(new Date(sessions[0]!.created_at as string)).toEqual(now);
    expect(new Date(sessions[0]!.last_seen_at as string)).toEqual(now);
    expect(new Date(sessions[0]!.expires_at as string).getTime() - now.getTime()).toBe(
      t.deps.config.SESSION_ABSOLUTE_HOURS * 3600_000,
    );
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: previous } });
    expect(me.statusCode).toBe(401);
    const audit = await rows(
      sql`SELECT at, actor_type, actor_id, actor_name, action, target, result, ip, detail FROM audit_log
           WHERE target = ${m.username} AND result = 'success' ORDER BY id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actor_type: 'member',
      actor_id: m.id,
      actor_name: '原子会员',
      action: 'login',
      target: m.username,
      result: 'success',
      ip: '127.0.0.1',
      detail: null,
    });
    expect(new Date(audit[1]!.at as string)).toEqual(now);
  });

  it('writes all or nothing: a failure inside the write leaves no session, no audit row, the failures and the old session', async () => {
    const m = await makeMember(t, { login: false });
    const before = await loginAs(m.username, FIXTURE_PASSWORD);
    const previous = `cpe_session=${cookieOf(before)}`;
    expect((await loginAs(m.username, 'wrong-password')).statusCode).toBe(401);
    // The audit row is the last thing the write inserts: refusing it must undo the rest.
    await t.deps.database.execScript(`
      CREATE FUNCTION test_refuse_login_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.target = '${m.username}' AND NEW.result = 'success' THEN
          RAISE EXCEPTION 'refused for the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_login_audit BEFORE INSERT ON audit_log
        FOR EACH ROW EXECUTE FUNCTION test_refuse_login_audit();`);
    const sessionsBefore = await rows(sql`SELECT token_hash FROM sessions WHERE subject_id = ${m.id}`);
    const auditBefore = await rows(sql`SELECT id FROM audit_log WHERE target = ${m.username}`);
    try {
      const res = await loginAs(m.username, FIXTURE_PASSWORD, 'practicing', previous);
      expect(res.statusCode).toBe(500);
      expect(cookieOf(res)).toBeUndefined();
      expect(await rows(sql`SELECT token_hash FROM sessions WHERE subject_id = ${m.id}`)).toEqual(
        sessionsBefore,
      );
      expect(await rows(sql`SELECT id FROM audit_log WHERE target = ${m.username}`)).toEqual(auditBefore);
      expect(await rows(sql`SELECT failures FROM login_failures WHERE username = ${m.username}`)).toEqual([
        { failures: 1 },
      ]);
      // the session the browser held was not ended either
      expect((await t.app.inject({ url: '/api/me', headers: { cookie: previous } })).statusCode).toBe(200);
    } finally {
      await t.deps.database.execScript(`
        DROP TRIGGER test_refuse_login_audit ON audit_log;
        DROP FUNCTION test_refuse_login_audit();`);
    }
    expect((await loginAs(m.username, FIXTURE_PASSWORD, 'practicing', previous)).statusCode).toBe(200);
  });

  it('re-hashes inside the same write, and not at all when the write fails', async () => {
    const s = await makeStaff(t, { login: false });
    const old = await hashPassword(FIXTURE_PASSWORD, { memoryCost: 19_456, timeCost: 3 });
    await t.deps.db.execute(sql`UPDATE staff SET password_hash = ${old} WHERE id = ${s.id}`);
    await t.deps.database.execScript(`
      ALTER TABLE sessions ADD CONSTRAINT test_refuse_staff_session CHECK (subject_id <> ${s.id}) NOT VALID;`);
    try {
      expect((await loginAs(s.username, FIXTURE_PASSWORD, 'staff')).statusCode).toBe(500);
      expect(await rows(sql`SELECT password_hash FROM staff WHERE id = ${s.id}`)).toEqual([
        { password_hash: old },
      ]);
    } finally {
      await t.deps.database.execScript('ALTER TABLE sessions DROP CONSTRAINT test_refuse_staff_session;');
    }
    expect((await loginAs(s.username, FIXTURE_PASSWORD, 'staff')).statusCode).toBe(200);
    const [row] = await rows(sql`SELECT password_hash FROM staff WHERE id = ${s.id}`);
    expect(row!.password_hash).toMatch(/\$m=19456,t=2,p=1\$/);
  });
});
