import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { type LessonRef, learningNow, lessonsOf } from '../../../test/learning.ts';
import { newMember } from '../../../test/study-members.ts';

/** The read side of a progress report: the session and the member's lesson state in one statement. */
let t: TestApp;
let lesson: LessonRef;

beforeAll(async () => {
  t = await buildTestApp({}, learningNow());
  lesson = (await lessonsOf(t.deps.db, 2)).find((l) => l.kind === 'required' && l.durationSeconds >= 60)!;
});
afterAll(() => t.close());

const post = (cookie: string, from: number, to: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/lessons/${lesson.id}/progress`,
    headers: { cookie },
    payload: { from, to },
  });

describe('progress report read side', () => {
  it('reads the session and the member state in one statement, then writes in one group statement', async () => {
    const m = await newMember(t);
    expect((await post(m.cookie, 0, 0)).statusCode).toBe(200);
    t.clock.advance(10_000);
    const reads = vi.spyOn(t.deps.database, 'prepared');
    try {
      const res = await post(m.cookie, 0, 10);
      expect(res.statusCode).toBe(200);
      expect(res.json().watchedSeconds).toBeGreaterThanOrEqual(9);
      expect(reads.mock.calls.map(([stmt]) => stmt.name)).toEqual([
        'cpe_session_lesson_state',
        'cpe_save_reports',
      ]);
    } finally {
      reads.mockRestore();
    }
  });

  it('refuses staff with 403, an unknown session with 401, and an idle session with 401', async () => {
    const staff = await login(t.app, 'national-admin', 'staff');
    expect((await post(staff.cookie, 0, 0)).json().code).toBe('FORBIDDEN');
    expect((await post(staff.cookie, 0, 0)).statusCode).toBe(403);
    expect((await post('cpe_session=unknown-token', 0, 0)).statusCode).toBe(401);
    const m = await newMember(t);
    expect((await post(m.cookie, 0, 0)).statusCode).toBe(200);
    t.clock.advance((t.deps.config.MEMBER_IDLE_MINUTES + 1) * 60_000);
    expect((await post(m.cookie, 0, 10)).statusCode).toBe(401);
    // the idle session is gone, as auth.resolve leaves it
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: m.cookie } });
    expect(me.statusCode).toBe(401);
  });
});
