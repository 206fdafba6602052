import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type TestApp } from '../../../test/app.ts';
import { makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, chooseInstitute, YEAR } from '../../../test/learning.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

describe('institutes and the yearly choice', () => {
  it('lists the three institutes with hotline and introduction', async () => {
    const { cookie } = await makeMember(t);
    const res = await t.app.inject({ url: '/api/institutes', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.map((i: { name: string }) => i.name)).toEqual([
      '北京国家会计学院',
      '上海国家会计学院',
      '厦门国家会计学院',
    ]);
    expect(list[1].hotline).toBe('021-69768000');
    expect(list[1].introduction.length).toBeGreaterThan(10);
  });

  it('refuses anonymous callers and staff on the member routes', async () => {
    expect((await t.app.inject({ url: '/api/me/institute-choice' })).statusCode).toBe(401);
    const { cookie } = await login(t.app, 'snai-admin', 'staff');
    const res = await t.app.inject({ url: '/api/me/institute-choice', headers: { cookie } });
    expect(res.statusCode).toBe(403);
  });

  it('has no choice before one is made, and the catalogue says so', async () => {
    const { cookie } = await makeMember(t, { province: '11' });
    const res = await t.app.inject({ url: `/api/me/institute-choice?year=${YEAR}`, headers: { cookie } });
    expect(res.json()).toEqual({ year: YEAR, institute: null, chosenAt: null });
    const courses = await t.app.inject({ url: `/api/courses?year=${YEAR}`, headers: { cookie } });
    expect(courses.statusCode).toBe(409);
    expect(courses.json().code).toBe('INSTITUTE_NOT_CHOSEN');
  });

  it('accepts only the current year and a known institute', async () => {
    const { cookie } = await makeMember(t, { province: '11' });
    const next = await t.app.inject({
      method: 'POST',
      url: '/api/me/institute-choice',
      headers: { cookie },
      payload: { year: YEAR + 1, instituteId: 1 },
    });
    expect(next.statusCode).toBe(400);
    expect(next.json().message).toContain(`${YEAR}`);
    const unknown = await chooseInstitute(t.app, cookie, 99);
    expect(unknown.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/me/institute-choice',
      headers: { cookie },
      payload: { year: 'x', instituteId: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('lets exactly one of two racing choices win; the other is 409 INSTITUTE_ALREADY_CHOSEN', async () => {
    const { cookie } = await makeMember(t);
    const [a, b] = await Promise.all([chooseInstitute(t.app, cookie, 2), chooseInstitute(t.app, cookie, 3)]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([201, 409]);
    const winner = a.statusCode === 201 ? a.json() : b.json();
    const loser = a.statusCode === 409 ? a.json() : b.json();
    expect(loser.code).toBe('INSTITUTE_ALREADY_CHOSEN');
    expect(loser.message).toContain('当年不可更改');
    const now = await t.app.inject({ url: '/api/me/institute-choice', headers: { cookie } });
    expect(now.json()).toMatchObject({ year: YEAR, institute: { id: winner.institute.id } });
    // a later attempt, even for the same institute, is refused too
    const again = await chooseInstitute(t.app, cookie, winner.institute.id);
    expect(again.statusCode).toBe(409);
  });
});
