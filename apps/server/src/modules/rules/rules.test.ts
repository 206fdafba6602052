import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../../../test/app.ts';
import { rulesService } from './rules.service.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = (await login(t.app, 'national-admin', 'staff')).cookie;
});
afterAll(() => t.close());

const get = (url: string, cookie = admin) => t.app.inject({ url, headers: { cookie } });

describe('rule data in the database', () => {
  it('is seeded from the package defaults as version 1 of each year, with the figures to confirm', async () => {
    const res = await get('/api/admin/rules/2024');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.version).toBe(1);
    const practicing = body.data.ruleSets.find((r: { memberType: string }) => r.memberType === 'practicing');
    expect(practicing).toMatchObject({ year: 2024, minimumTotal: 4000, ethicsMinimum: 400, onlineCap: 2400 });
    expect(body.data.catalogue.map((c: { code: string }) => c.code)).toContain('18-9b');
    expect(body.uncertain).toContainEqual(expect.objectContaining({ field: 'outputCap', confidence: 'L' }));
  });

  it('is for the national admin only', async () => {
    const reviewer = (await login(t.app, 'sh-reviewer', 'staff')).cookie;
    expect((await get('/api/admin/rules/2024', reviewer)).statusCode).toBe(403);
    const member = (await login(t.app, '310000012345')).cookie;
    expect((await get('/api/admin/rules/2024', member)).statusCode).toBe(403);
  });

  it('publishes a corrected version that later decisions use and record', async () => {
    const current = (await get('/api/admin/rules/2025')).json();
    const data = structuredClone(current.data);
    const np = data.ruleSets.find((r: { memberType: string }) => r.memberType === 'non_practicing');
    np.outputCap = 1600; // the admin confirms a 16-hour output cap for non-practicing members
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/rules/2025',
      headers: { cookie: admin },
      payload: { basedOnVersion: 1, note: '确认非执业会员产出式学时上限为 16 学时', data },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, publishedBy: '中注协管理员' });

    const decision = await rulesService(t.deps).evaluate({
      year: 2025,
      member: { type: 'non_practicing', registeredOn: '2015-01-01' },
      online: [],
      faceToFace: [],
      claims: [{ item: '9-4', units: 1 }],
      exemptions: [],
    });
    expect(decision.credited.output).toBe(16);
    expect(decision.ruleVersion).toBe(2);
    expect(decision.ruleSetVersion).toBe(2);

    const versions = (await get('/api/admin/rules/2025/versions')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await get('/api/admin/rules/2025/versions/1')).json().data.ruleSets[1].outputCap).toBe(3200);
    const audit = await t.deps.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rules.publish' AND target = '2025/v2'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('refuses a publish based on an old version, also when two race', async () => {
    const current = (await get('/api/admin/rules/2026')).json();
    const publish = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/rules/2026',
        headers: { cookie: admin },
        payload: { basedOnVersion: 1, note: '并发更正', data: current.data },
      });
    const results = await Promise.all([publish(), publish(), publish()]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('RULE_VERSION_CONFLICT');
  });

  it('refuses unusable data with a Chinese message', async () => {
    const current = (await get('/api/admin/rules/2024')).json();
    const missingType = { ...current.data, ruleSets: current.data.ruleSets.slice(0, 1) };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/rules/2024',
      headers: { cookie: admin },
      payload: { basedOnVersion: 1, note: '缺少一类会员', data: missingType },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/非执业会员规则/);
    const negative = structuredClone(current.data);
    negative.catalogue[0].rate = -5;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/admin/rules/2024',
      headers: { cookie: admin },
      payload: { basedOnVersion: 1, note: '负数', data: negative },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('refuses rule data that makes no sense, saying which field and why', async () => {
    const current = (await get('/api/admin/rules/2027')).json();
    const publish = (spoil: (set: Record<string, unknown>) => void) => {
      const data = structuredClone(current.data);
      spoil(data.ruleSets.find((r: { memberType: string }) => r.memberType === 'practicing'));
      return t.app.inject({
        method: 'POST',
        url: '/api/admin/rules/2027',
        headers: { cookie: admin },
        payload: { basedOnVersion: current.version, note: '错误的更正', data },
      });
    };
    const cases: [(set: Record<string, unknown>) => void, string][] = [
      [(s) => (s.timeZone = 'Asia/Beijing'), '2027 年度执业会员规则：时区「Asia/Beijing」无法识别'],
      [
        (s) => (s.midYearReduction = { cutoff: '02-30', effect: { kind: 'halve' } }),
        '2027 年度执业会员规则：年中入会的起算日 02-30 在 2027 年不是有效日期',
      ],
      [
        (s) => (s.ethicsMinimum = 4500),
        '2027 年度执业会员规则：职业道德最低学时（45 学时）不能大于年度最低学时（40 学时）',
      ],
      [
        (s) => (s.faceToFaceMinimum = 4001),
        '2027 年度执业会员规则：面授最低学时（40.01 学时）不能大于年度最低学时（40 学时）',
      ],
      [
        (s) => (s.studyWindow = { opens: '2027-09-01', closes: '2027-03-31' }),
        '2027 年度执业会员规则：学习开始日期（2027-09-01）晚于学习截止日期（2027-03-31）',
      ],
      [(s) => (s.onlineCap = -2400), '网络学时上限不能为负数'],
      [(s) => (s.defaultFeeFen = -1), '默认学习费用不能为负数'],
    ];
    for (const [spoil, reason] of cases) {
      const res = await publish(spoil);
      expect(res.statusCode, reason).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().message).toContain(reason);
    }
    expect((await get('/api/admin/rules/2027')).json().version).toBe(current.version);
  });
});
