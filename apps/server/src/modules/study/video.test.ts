import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { type LessonRef, learningNow, lessonsOf, markCompleted, YEAR } from '../../../test/learning.ts';
import { newMember } from '../../../test/study-members.ts';

/** A lesson's video goes only to a member who may study that lesson now; range requests included. */
let t: TestApp;
let snai: LessonRef[];
let bnai: LessonRef[];

beforeAll(async () => {
  t = await buildTestApp({}, learningNow());
  snai = await lessonsOf(t.deps.db, 2);
  bnai = await lessonsOf(t.deps.db, 1);
});
afterAll(() => t.close());

const video = (lessonId: number, cookie?: string, range?: string) =>
  t.app.inject({
    url: `/api/lessons/${lessonId}/video`,
    headers: { ...(cookie ? { cookie } : {}), ...(range ? { range } : {}) },
  });
const required = () => snai.find((l) => l.kind === 'required' && l.durationSeconds === 20)!;
const elective = () => snai.find((l) => l.kind === 'elective')!;

describe('lesson videos', () => {
  it('serves the lesson clip to a member who may study it, with HTTP range support', async () => {
    const m = await newMember(t);
    const full = await video(required().id, m.cookie);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toContain('video/mp4');
    expect(full.headers['cache-control']).toBe('private, no-cache');
    const part = await video(required().id, m.cookie, 'bytes=0-99');
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.length).toBe(100);
    expect(part.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${full.rawPayload.length}`);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await video(required().id)).statusCode).toBe(401);
    expect((await video(required().id, undefined, 'bytes=0-99')).statusCode).toBe(401);
  });

  it('refuses a member who has not chosen the institute with 409 INSTITUTE_NOT_CHOSEN', async () => {
    const m = await newMember(t, 'practicing', false);
    const res = await video(required().id, m.cookie, 'bytes=0-99');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INSTITUTE_NOT_CHOSEN');
  });

  it("answers 404 for another institute's lesson, an unknown lesson, and the old file paths", async () => {
    const m = await newMember(t);
    expect((await video(bnai[0]!.id, m.cookie)).statusCode).toBe(404);
    expect((await video(99_999_999, m.cookie)).statusCode).toBe(404);
    const byName = await t.app.inject({ url: '/api/videos/clip-20s.mp4', headers: { cookie: m.cookie } });
    expect(byName.statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/lessons/abc/video', headers: { cookie: m.cookie } })).statusCode,
    ).toBe(400);
  });

  it('refuses a non-practicing member whose fee is unpaid with 402 FEE_UNPAID, until paid', async () => {
    const m = await newMember(t, 'non_practicing');
    const res = await video(required().id, m.cookie, 'bytes=0-99');
    expect(res.statusCode).toBe(402);
    expect(res.json().code).toBe('FEE_UNPAID');
    await t.deps.db.execute(
      sql`INSERT INTO fee_payments (member_id, year, amount_fen, paid_at) VALUES (${m.id}, ${YEAR}, 8000, now())`,
    );
    expect((await video(required().id, m.cookie, 'bytes=0-99')).statusCode).toBe(206);
  });

  it('refuses an elective before the required courses with 409 REQUIRED_COURSES_FIRST, then serves it', async () => {
    const m = await newMember(t);
    const res = await video(elective().id, m.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('REQUIRED_COURSES_FIRST');
    await markCompleted(
      t.deps.db,
      m.id,
      snai.filter((l) => l.kind === 'required').map((l) => l.id),
      t.clock.now(),
    );
    expect((await video(elective().id, m.cookie)).statusCode).toBe(200);
  });

  it("refuses a lesson of a year whose study window is not open with 409 STUDY_WINDOW_NOT_OPEN, even with that year's institute chosen", async () => {
    const m = await newMember(t);
    await t.deps.db.execute(sql`
      INSERT INTO institute_choices (member_id, year, institute_id, chosen_at)
      VALUES (${m.id}, ${YEAR + 1}, 2, now())`);
    const next = (await lessonsOf(t.deps.db, 2, YEAR + 1))[0]!;
    const res = await video(next.id, m.cookie, 'bytes=0-99');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('STUDY_WINDOW_NOT_OPEN');
  });

  it('names the checked video address in the lesson and the catalogue', async () => {
    const m = await newMember(t);
    const lesson = await t.app.inject({
      url: `/api/lessons/${required().id}`,
      headers: { cookie: m.cookie },
    });
    expect(lesson.json().videoUrl).toBe(`/api/lessons/${required().id}/video`);
    const courses = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie: m.cookie } });
    const urls = courses
      .json()
      .courses.flatMap((c: { lessons: { id: number; videoUrl: string }[] }) => c.lessons);
    for (const l of urls) expect(l.videoUrl).toBe(`/api/lessons/${l.id}/video`);
  });
});
