import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../test/app.ts';
import {
  chooseInstitute,
  learningNow,
  lessonsOf,
  markCompleted,
  memberId,
  YEAR,
} from '../../test/learning.ts';
import { describeError } from '../db/errors.ts';

// Values a member or an admin sent; none of them may appear in the log of the failed request.
const SECRET_USER = 'zz-secret-user-7731';
const SECRET_COMMENT = '私密评价-8842-只给学院看';
const SECRET_ANSWER = '私密回答-5521';
const SECRET_NOTE = '私密更正说明-6634';
const SECRET_RULE_TEXT = '私密条目说明-9917';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let t: TestApp;
let member: string;
let staff: string;
let lessonIds: number[];
beforeAll(async () => {
  t = await buildTestApp({}, learningNow(), { logger: { level: 'info', stream } });
  member = (await login(t.app, '310000012345')).cookie;
  staff = (await login(t.app, 'national-admin', 'staff')).cookie;
  expect((await chooseInstitute(t.app, member, 1)).statusCode).toBe(201);
  lessonIds = (await lessonsOf(t.deps.db, 1)).map((l) => l.id);
  await markCompleted(t.deps.db, await memberId(t.deps.db, '310000012345'), lessonIds, learningNow());
});
afterAll(() => t.close());

/** Runs `act` with the database broken by `breakSql` (undone by `repairSql`) and returns what was logged. */
async function loggedWhileBroken(breakSql: string, repairSql: string, act: () => Promise<void>) {
  lines.length = 0;
  await t.deps.db.execute(sql.raw(breakSql));
  try {
    await act();
  } finally {
    await t.deps.db.execute(sql.raw(repairSql));
  }
  return lines.join('');
}

function expectDatabaseErrorLogged(log: string, code: string, statement: string) {
  const entry = log
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((e) => e.msg === 'unhandled error');
  expect(entry?.err).toMatchObject({ type: 'DatabaseError', code });
  expect(entry.err.statement).toContain(statement);
  expect(entry.err.params).toBeUndefined();
  expect(entry.err.detail).toBeUndefined();
}

describe('logs of failed database statements (PI-2)', () => {
  it('hold the code and the statement, never the comment or the answers of a failed evaluation', async () => {
    const lessonId = lessonIds[0]!;
    const detail = (
      await t.app.inject({ url: `/api/lessons/${lessonId}`, headers: { cookie: member } })
    ).json();
    const answers = Object.fromEntries(
      detail.questions.map((q: { id: string; type: string; options?: string[] }) => [
        q.id,
        q.type === 'single' ? q.options![0] : SECRET_ANSWER,
      ]),
    );
    expect(Object.values(answers)).toContain(SECRET_ANSWER);
    const log = await loggedWhileBroken(
      'ALTER TABLE lesson_evaluations ADD CONSTRAINT broken_for_test CHECK (rating < 0) NOT VALID',
      'ALTER TABLE lesson_evaluations DROP CONSTRAINT broken_for_test',
      async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/lessons/${lessonId}/evaluation`,
          headers: { cookie: member },
          payload: { rating: 5, comment: SECRET_COMMENT, answers },
        });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toEqual({ code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
      },
    );
    for (const value of [SECRET_COMMENT, SECRET_ANSWER, '8842', '5521']) expect(log).not.toContain(value);
    expectDatabaseErrorLogged(log, '23514', 'lesson_evaluations');
    expect(log).toContain('broken_for_test');
  });

  it('never hold the user name of a login that failed in the database', async () => {
    const log = await loggedWhileBroken(
      'ALTER TABLE members RENAME TO members_away',
      'ALTER TABLE members_away RENAME TO members',
      async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { userType: 'practicing', username: SECRET_USER, password: 'Secret#pass-4410' },
        });
        expect(res.statusCode).toBe(500);
      },
    );
    for (const value of [SECRET_USER, '7731', 'Secret#pass-4410']) expect(log).not.toContain(value);
    // the login reads through a prepared statement: the log names it, never its parameters
    expectDatabaseErrorLogged(log, '42P01', 'cpe_login_read_member');
  });

  it('never hold the note or the rule document of a publication that failed', async () => {
    const current = (
      await t.app.inject({ url: `/api/admin/rules/${YEAR}`, headers: { cookie: staff } })
    ).json();
    const data = structuredClone(current.data);
    data.catalogue[0].description = SECRET_RULE_TEXT;
    const log = await loggedWhileBroken(
      'ALTER TABLE rule_versions ADD CONSTRAINT broken_for_test CHECK (version < 0) NOT VALID',
      'ALTER TABLE rule_versions DROP CONSTRAINT broken_for_test',
      async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/admin/rules/${YEAR}`,
          headers: { cookie: staff },
          payload: { basedOnVersion: current.version, note: SECRET_NOTE, data },
        });
        expect(res.statusCode).toBe(500);
      },
    );
    for (const value of [SECRET_NOTE, SECRET_RULE_TEXT, '6634', '9917']) expect(log).not.toContain(value);
    expectDatabaseErrorLogged(log, '23514', 'rule_versions');
  });
});

describe('describeError (the log form of any error: jobs, the cpe command)', () => {
  it('keeps code and statement of a failed query, drops its values', async () => {
    const err = await t.deps.db
      .execute(sql`SELECT ${SECRET_USER}::int AS n FROM members WHERE username = ${SECRET_COMMENT}`)
      .catch((e: unknown) => e);
    const described = describeError(err);
    expect(described).toMatchObject({ type: 'DatabaseError', code: '22P02' });
    expect(described.statement).toMatch(/^select members #[0-9a-f]{8}$/);
    const text = JSON.stringify(described);
    for (const value of [SECRET_USER, SECRET_COMMENT, '7731']) expect(text).not.toContain(value);
  });

  it('names a failed prepared statement', async () => {
    const err = await t.deps.database
      .prepared({ name: 'broken_for_test', text: 'SELECT $1::int AS n', types: ['text'] }, [SECRET_USER])
      .catch((e: unknown) => e);
    const described = describeError(err);
    expect(described).toMatchObject({ code: '22P02', statement: 'broken_for_test' });
    expect(JSON.stringify(described)).not.toContain('7731');
  });

  it('leaves other errors as they are', () => {
    expect(describeError(new Error('任务失败'))).toMatchObject({ type: 'Error', message: '任务失败' });
  });
});
