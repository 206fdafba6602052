import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { passwordProblem } from './password-policy.ts';
import { staffService } from './staff.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const operator = { name: 'cli:ops' };
const PASSWORD = 'Strong#Pass2024x';
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

describe('staff accounts made by an operator', () => {
  it('creates a national admin who can log in, and audits it', async () => {
    const username = unique('admin');
    await staffService(t.deps).create({ role: 'national_admin', username, password: PASSWORD }, operator);
    const { cookie } = await login(t.app, username, 'staff', PASSWORD);
    const me = await t.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ username, role: 'national_admin', userType: 'staff' });
    const { rows } = await t.deps.db.execute<{ actor_name: string; detail: Record<string, unknown> }>(
      sql`SELECT actor_name, detail FROM audit_log WHERE action = 'staff.create' AND target = ${username}`,
    );
    expect(rows).toEqual([
      { actor_name: 'cli:ops', detail: { role: 'national_admin', province: null, institute: null } },
    ]);
  });

  it.each([
    ['short', 'Ab1#short', /至少 12 位/],
    ['two kinds only', 'alllowercase1234', /至少三类/],
    ['the user name inside', 'Xx#1-USERNAME-9', /用户名/],
    ['a well-known password', 'MyPassword#2024', /常见弱口令/],
  ])('refuses a weak password (%s) with the reason', async (_name, password, reason) => {
    const username = 'username';
    expect(passwordProblem(password, username)).toMatch(reason);
    await expect(
      staffService(t.deps).create({ role: 'national_admin', username, password }, operator),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(reason) });
  });

  it('needs a province for a provincial reviewer and an institute for an institute admin, and only then', async () => {
    const svc = staffService(t.deps);
    const base = { username: unique('rev'), password: PASSWORD };
    await expect(svc.create({ ...base, role: 'provincial_reviewer' }, operator)).rejects.toThrow(
      /--province/,
    );
    await expect(svc.create({ ...base, role: 'national_admin', province: '31' }, operator)).rejects.toThrow(
      /--province/,
    );
    await expect(svc.create({ ...base, role: 'institute_admin' }, operator)).rejects.toThrow(/--institute/);
    await expect(
      svc.create({ ...base, role: 'provincial_reviewer', province: '99' }, operator),
    ).rejects.toThrow(/没有省份/);
    await expect(svc.create({ ...base, role: 'auditor' }, operator)).rejects.toThrow(/角色/);
    const reviewer = await svc.create({ ...base, role: 'provincial_reviewer', province: '上海' }, operator);
    expect(reviewer).toMatchObject({ province: '上海' });
    const admin = await svc.create(
      { username: unique('inst'), password: PASSWORD, role: 'institute_admin', institute: 'SNAI' },
      operator,
    );
    expect(admin).toMatchObject({ institute: '上海国家会计学院' });
  });

  it('refuses a user name that is taken', async () => {
    await expect(
      staffService(t.deps).create(
        { role: 'system_admin', username: 'sysadmin', password: PASSWORD },
        operator,
      ),
    ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
  });

  it('disables an account: its sessions end at once and it cannot log in again', async () => {
    const username = unique('gone');
    await staffService(t.deps).create({ role: 'system_admin', username, password: PASSWORD }, operator);
    const { cookie } = await login(t.app, username, 'staff', PASSWORD);
    expect(await staffService(t.deps).disable(username, operator)).toEqual({ username, sessionsEnded: 1 });
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    await expect(login(t.app, username, 'staff', PASSWORD)).rejects.toThrow(/403/);
    await expect(staffService(t.deps).disable('no-such-staff', operator)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
