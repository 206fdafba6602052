import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, lessonsOf, YEAR } from '../../../test/learning.ts';

// One member of 北京 with 北京国家会计学院 chosen; the tests only read.
let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await buildLearningApp();
  cookie = (await makeMember(t, { province: '11', institute: 1 })).cookie;
});
afterAll(() => t.close());

describe('catalogue', () => {
  it('lists the chosen institute courses: 4 required, 8 locked electives, some ethics, lessons in hours', async () => {
    const res = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.institute.name).toBe('北京国家会计学院');
    const required = body.courses.filter((c: { kind: string }) => c.kind === 'required');
    const electives = body.courses.filter((c: { kind: string }) => c.kind === 'elective');
    expect(required).toHaveLength(4);
    expect(electives).toHaveLength(8);
    expect(electives.every((c: { locked: boolean }) => c.locked)).toBe(true);
    expect(required.every((c: { locked: boolean }) => !c.locked)).toBe(true);
    expect(body.courses.some((c: { ethics: boolean }) => c.ethics)).toBe(true);
    expect(body.electivesOpen).toBe(false);
    expect(body.requiredRemaining).toHaveLength(4);
    const first = required[0];
    expect(first.lessons[0]).toMatchObject({
      durationSeconds: 20,
      creditHours: 0.5,
      completed: false,
      evaluated: false,
      watchedSeconds: 0,
      positionSeconds: 0,
    });
    expect(first.creditHours).toBe(3.5);
  });

  it('uses the current year by default and needs a choice for any other year', async () => {
    const res = await t.app.inject({ url: '/api/courses', headers: { cookie } });
    expect(res.json().year).toBe(YEAR);
    const next = await t.app.inject({ url: `/api/courses?year=${YEAR + 1}`, headers: { cookie } });
    expect(next.statusCode).toBe(409);
    expect(next.json().code).toBe('INSTITUTE_NOT_CHOSEN');
    expect((await t.app.inject({ url: '/api/courses?year=20x4', headers: { cookie } })).statusCode).toBe(400);
  });

  it('shows a course of the chosen institute and answers 404 for another institute', async () => {
    const own = (await lessonsOf(t.deps.db, 1))[0]!;
    const other = (await lessonsOf(t.deps.db, 3))[0]!;
    const res = await t.app.inject({ url: `/api/courses/${own.courseId}`, headers: { cookie } });
    expect(res.json()).toMatchObject({ id: own.courseId, year: YEAR, institute: { id: 1 }, locked: false });
    expect(
      (await t.app.inject({ url: `/api/courses/${other.courseId}`, headers: { cookie } })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: '/api/courses/999999', headers: { cookie } })).statusCode).toBe(404);
  });
});
