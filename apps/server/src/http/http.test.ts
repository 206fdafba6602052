import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_PASSWORD, login, type TestApp } from '../../test/app.ts';
import { claimRequests } from '../../test/claims.ts';
import {
  buildLearningApp,
  chooseInstitute,
  learningNow,
  lessonsOf,
  markCompleted,
  memberId,
  YEAR,
} from '../../test/learning.ts';
import { registerAccessControl } from './access.ts';
import { registerErrorHandler } from './error-handler.ts';

let t: TestApp;
let member: string;
beforeAll(async () => {
  t = await buildTestApp();
  member = (await login(t.app, '310000012345')).cookie;
});
afterAll(() => t.close());

const apiRoutes = () => t.app.routeTable.filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD');
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, '1');

describe('access control (AC-1)', () => {
  it('every API route declares who may call it', () => {
    expect(apiRoutes().length).toBeGreaterThan(3);
    for (const r of apiRoutes()) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('refuses to start with a route that declares no access rule', async () => {
    const app = Fastify();
    registerAccessControl(app, { resolve: async () => null } as never);
    expect(() => app.get('/api/undeclared', async () => 'x')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('answers 401 without a session on every non-public route', async () => {
    for (const r of apiRoutes().filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({ method: r.method as 'GET', url: fill(r.url) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to members on staff-only routes', async () => {
    const staffRoutes = apiRoutes().filter((r) => typeof r.access === 'object');
    for (const r of staffRoutes) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: fill(r.url),
        headers: { cookie: member },
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });
});

describe('input validation (VAL-1)', () => {
  it('random bodies to every route give 4xx with a Chinese message, never 5xx', async () => {
    const routes = apiRoutes().filter(
      (r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH',
    );
    // Sessions of its own: a random body to the logout route ends the session it was sent with.
    const ownMember = (await login(t.app, '310000012345')).cookie;
    const ownStaff = (await login(t.app, 'national-admin', 'staff')).cookie;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(ownMember, ownStaff, ''),
        fc.oneof(fc.jsonValue(), fc.object(), fc.string({ unit: 'binary' })),
        async (route, cookie, body) => {
          const res = await t.app.inject({
            method: route.method as 'POST',
            url: fill(route.url),
            headers: { cookie, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, `${route.method} ${route.url} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const res = await t.app.inject({ url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '请求的地址不存在' });
  });
});

/** Where the strings are in a JSON value: the paths to each string leaf. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  }
  return [];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: string): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

// NUL (which PostgreSQL cannot store) most often, and the other control characters no field accepts.
const refusedCharacter = fc.constantFrom(
  ...['\u0000', '\u0000', '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b'],
  ...['\u001f', '\u007f', '\u0080', '\u0085', '\u009f'],
);
/** A short string holding at least one refused control character, among any others (tabs, line breaks). */
const hostileString = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 3 }),
    refusedCharacter,
    fc.string({ unit: fc.constantFrom('a', '张', ' ', '\t', '\n', '\r', '\u0000'), maxLength: 3 }),
  )
  .map((parts) => parts.join(''));

describe('control characters in request strings (VAL-1)', () => {
  let l: TestApp;
  let member: string;
  let staff: string;
  let reviewer: string;
  let lessonId: number;
  beforeAll(async () => {
    l = await buildLearningApp();
    member = (await login(l.app, '310000012345')).cookie;
    staff = (await login(l.app, 'national-admin', 'staff')).cookie;
    reviewer = (await login(l.app, 'sh-reviewer', 'staff')).cookie;
    await chooseInstitute(l.app, member, 1);
    const lessons = (await lessonsOf(l.deps.db, 1)).map((x) => x.id);
    await markCompleted(l.deps.db, await memberId(l.deps.db, '310000012345'), lessons, learningNow());
    lessonId = lessons[0]!;
  });
  afterAll(() => l.close());

  /**
   * A body the route accepts, for every route whose body holds a string: each run spoils one of its
   * strings, so the request gets as far as it can (into the database) with the spoilt value.
   */
  const validRequests: Record<
    string,
    () => Promise<{ method?: 'PATCH' | 'PUT'; url: string; cookie: string; body: unknown }>
  > = {
    'POST /api/auth/login': async () => ({
      url: '/api/auth/login',
      cookie: '',
      body: { userType: 'non_practicing', username: 'N310000000001', password: DEMO_PASSWORD, captcha: '' },
    }),
    'POST /api/auth/recovery/start': async () => ({
      url: '/api/auth/recovery/start',
      cookie: '',
      body: { userType: 'practicing', username: '310000012345', captcha: '' },
    }),
    'POST /api/auth/recovery/:recoveryId/reset': async () => {
      const started = await l.app.inject({
        method: 'POST',
        url: '/api/auth/recovery/start',
        payload: { userType: 'practicing', username: '310000012345', captcha: '' },
      });
      return {
        url: `/api/auth/recovery/${started.json().recoveryId}/reset`,
        cookie: '',
        body: { code: '123456', newPassword: 'Xin#Mima2024ok' },
      };
    },
    'POST /api/me/password': async () => ({
      url: '/api/me/password',
      cookie: member,
      body: { currentPassword: DEMO_PASSWORD, newPassword: 'Xin#Mima2024ok' },
    }),
    'POST /api/me/phone': async () => ({
      url: '/api/me/phone',
      cookie: member,
      body: { currentPassword: DEMO_PASSWORD, newPhone: '13700001111' },
    }),
    'POST /api/me/phone/confirm': async () => ({
      url: '/api/me/phone/confirm',
      cookie: member,
      body: { recoveryId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', code: '123456' },
    }),
    'POST /api/lessons/:lessonId/evaluation': async () => {
      const lesson = (
        await l.app.inject({ url: `/api/lessons/${lessonId}`, headers: { cookie: member } })
      ).json();
      const answers = Object.fromEntries(
        lesson.questions.map((q: { id: string; options?: string[] }) => [q.id, q.options?.[0] ?? '讲得清楚']),
      );
      return {
        url: `/api/lessons/${lessonId}/evaluation`,
        cookie: member,
        body: { rating: 5, comment: '内容实用\n讲解清楚', answers },
      };
    },
    'POST /api/staff/orders/:orderNo/refund': async () => ({
      url: `/api/staff/orders/${YEAR}0615100000001/refund`,
      cookie: staff,
      body: { reason: '会员申请退款\n已核实' },
    }),
    'POST /api/lessons/:lessonId/progress': async () => ({
      url: `/api/lessons/${lessonId}/progress`,
      cookie: member,
      body: { from: 0, to: 0, viewing: 'page-00000001', claim: true },
    }),
    'POST /api/admin/rules/:year': async () => {
      const current = (
        await l.app.inject({ url: `/api/admin/rules/${YEAR}`, headers: { cookie: staff } })
      ).json();
      return {
        url: `/api/admin/rules/${YEAR}`,
        cookie: staff,
        body: { basedOnVersion: current.version, note: '更正说明', data: current.data },
      };
    },
    ...instituteRequests(() => l),
    'POST /api/admin/years/:year/reopen': async () => ({
      url: '/api/admin/years/2022/reopen',
      cookie: staff,
      body: { reason: '更正学时' },
    }),
    'POST /api/admin/reminders': async () => ({
      url: '/api/admin/reminders',
      cookie: staff,
      body: { year: 2031, province: '31', memberType: 'practicing', minShortfallHundredths: 100 },
    }),
    'POST /api/exports': async () => ({
      url: '/api/exports',
      cookie: staff,
      body: { report: 'audit', filters: { actor: '张明', action: 'login' } },
    }),
    ...claimRequests(() => ({ member, reviewer })),
  };

  const signedBatchRoutes = ['POST /api/integration/v1/hour-records'];

  it('has a valid request for every route whose body holds a string', async () => {
    const doc = (await l.app.inject({ url: '/docs/json' })).json();
    const withStrings = l.app.routeTable
      .filter((r) => r.url.startsWith('/api') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      // signed, not cookie-authenticated; a bad string refuses its row alone (integration.test.ts)
      .filter((r) => !signedBatchRoutes.includes(`${r.method} ${r.url}`))
      .filter((r) => {
        const operation = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
        return JSON.stringify(operation?.requestBody ?? {}).includes('"string"');
      })
      .map((r) => `${r.method} ${r.url}`);
    expect(withStrings.length).toBeGreaterThan(0);
    expect(Object.keys(validRequests).sort()).toEqual(withStrings.sort());
  });

  it('a control character in any string of any body answers 400 in Chinese, never 5xx or success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(validRequests)),
        fc.nat(),
        hostileString,
        async (route, pick, hostile) => {
          const request = await validRequests[route]!();
          const paths = stringPaths(request.body);
          const path = paths[pick % paths.length]!;
          const body = replaceAt(request.body, path, hostile);
          const res = await l.app.inject({
            method: request.method ?? 'POST',
            url: request.url,
            headers: { cookie: request.cookie, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          const what = `${route} ${path.join('.')}=${JSON.stringify(hostile)}: ${res.statusCode} ${res.body}`;
          expect(res.statusCode, what).toBe(400);
          expect(res.json().code, what).toBe('VALIDATION_FAILED');
          expect(res.json().message, what).toMatch(/[\u4e00-\u9fa5]/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers NUL in a query string, a path or a cookie without a 5xx', async () => {
    const probes = [
      { url: `/api/courses?year=%00${YEAR}`, headers: { cookie: member } },
      { url: '/api/lessons/1%00', headers: { cookie: member } },
      { url: '/api/me', headers: { cookie: 'cpe_session=abc%00def' } },
      { url: '/api/me/hours?year=%00', headers: { cookie: member } },
    ];
    for (const probe of probes) {
      const res = await l.app.inject(probe);
      expect(res.statusCode, probe.url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, probe.url).toBeLessThan(500);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('answers 400, not 500, when a value the database cannot store gets past every schema', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.get('/echo/:text', async (req) => {
      const { text } = req.params as { text: string };
      return (await l.deps.db.execute(sql`SELECT ${text}::text AS text`)).rows;
    });
    expect((await app.inject({ url: '/echo/plain' })).statusCode).toBe(200);
    const res = await app.inject({ url: '/echo/a%00b' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'VALIDATION_FAILED', message: '输入含有不允许的控制字符' });
    await app.close();
  });
});

describe('health and API document', () => {
  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: t.deps.database.kind });
  });

  it('publishes the OpenAPI document with the auth routes', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/login', '/api/auth/logout', '/api/me', '/api/auth/captcha']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

/** Valid bodies of the institute console's and the trainings' routes (their own demo staff). */
function instituteRequests(app: () => TestApp) {
  const staff = async (username: string) => (await login(app().app, username, 'staff')).cookie;
  const course = async (cookie: string) => {
    const res = await app().app.inject({
      method: 'POST',
      url: '/api/institute/courses',
      headers: { cookie },
      payload: {
        year: YEAR,
        title: '课程',
        teacher: '教师',
        kind: 'elective',
        ethics: false,
        description: '简介',
      },
    });
    return res.json() as { id: number };
  };
  const courseBody = {
    year: YEAR,
    title: '审计',
    teacher: '王老师',
    kind: 'required',
    ethics: true,
    description: '一\n二',
  };
  const training = {
    title: '面授培训',
    body: '内容\n安排',
    place: '上海',
    startsOn: `${YEAR}-12-01`,
    endsOn: `${YEAR}-12-02`,
    signupDeadline: `${YEAR}-11-20`,
    hours: 8,
    ethics: false,
    capacity: 30,
    memberTypes: ['practicing'],
  };
  return {
    'POST /api/institute/courses': async () => ({
      url: '/api/institute/courses',
      cookie: await staff('snai-admin'),
      body: courseBody,
    }),
    'PATCH /api/institute/courses/:id': async () => {
      const cookie = await staff('snai-admin');
      return {
        method: 'PATCH' as const,
        url: `/api/institute/courses/${(await course(cookie)).id}`,
        cookie,
        body: { title: '新名称', description: '说明' },
      };
    },
    'POST /api/institute/courses/:id/lessons': async () => {
      const cookie = await staff('snai-admin');
      return {
        url: `/api/institute/courses/${(await course(cookie)).id}/lessons`,
        cookie,
        body: { title: '第一讲', creditHours: 1 },
      };
    },
    'PATCH /api/institute/lessons/:id': async () => {
      const cookie = await staff('snai-admin');
      const { id } = await course(cookie);
      const lessons = await app().app.inject({
        method: 'POST',
        url: `/api/institute/courses/${id}/lessons`,
        headers: { cookie },
        payload: { title: '第一讲', creditHours: 1 },
      });
      return {
        method: 'PATCH' as const,
        url: `/api/institute/lessons/${lessons.json().lessons[0].id}`,
        cookie,
        body: { title: '第二讲' },
      };
    },
    'PUT /api/institute/questionnaire': async () => ({
      method: 'PUT' as const,
      url: '/api/institute/questionnaire',
      cookie: await staff('snai-admin'),
      body: {
        questions: [{ id: 'q1', text: '是否实用', type: 'single', options: ['是', '否'], required: true }],
      },
    }),
    'POST /api/staff/trainings': async () => ({
      url: '/api/staff/trainings',
      cookie: await staff('sh-reviewer'),
      body: training,
    }),
    'POST /api/staff/trainings/:id/attendance/manual': async () => {
      const cookie = await staff('sh-reviewer');
      const res = await app().app.inject({
        method: 'POST',
        url: '/api/staff/trainings',
        headers: { cookie },
        payload: training,
      });
      return {
        url: `/api/staff/trainings/${res.json().id}/attendance/manual`,
        cookie,
        body: { usernames: ['310000012345'] },
      };
    },
  };
}
