import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { ARTICLE_DETAILS, pdfBytes, submittedClaim, uploadEvidence } from '../../../test/claims.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { learningNow, YEAR } from '../../../test/learning.ts';

/**
 * The IDOR matrix: every claim, exemption and file route, called by each kind of caller on one
 * member's application. Only the member (member routes) and a reviewer of the member's province
 * (review routes and the files) get anything; everyone else gets 403 or 404 and no trace of it.
 */
let t: TestApp;
let dir: string;
const cookies: Record<string, string> = {};
const ids = { claim: 0, draftClaim: 0, file: 0, draftFile: 0, exemption: 0 };
const SECRET = '机密论文标题';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpe-idor-'));
  t = await buildTestApp({ EVIDENCE_DIR: dir }, learningNow());
  const owner = await makeMember(t, { province: '31' });
  cookies.owner = owner.cookie;
  cookies.otherMember = (await makeMember(t, { province: '31' })).cookie;
  cookies.sameProvinceReviewer = (await makeStaff(t, { role: 'provincial_reviewer', province: '31' })).cookie;
  cookies.otherProvinceReviewer = (
    await makeStaff(t, { role: 'provincial_reviewer', province: '11' })
  ).cookie;
  cookies.instituteAdmin = (await makeStaff(t, { role: 'institute_admin', instituteId: 2 })).cookie;
  cookies.systemAdmin = (await makeStaff(t, { role: 'system_admin' })).cookie;
  cookies.nationalAdmin = (await makeStaff(t, { role: 'national_admin' })).cookie;
  ids.claim = await submittedClaim(t.app, owner.cookie, { details: ARTICLE_DETAILS(SECRET) });
  const detail = await t.app.inject({ url: `/api/claims/${ids.claim}`, headers: { cookie: owner.cookie } });
  ids.file = detail.json().evidence[0].id;
  const draft = await t.app.inject({
    method: 'POST',
    url: '/api/claims',
    headers: { cookie: owner.cookie },
    payload: { year: YEAR, item: '18-9b', units: 1, details: ARTICLE_DETAILS(`${SECRET}草稿`) },
  });
  ids.draftClaim = draft.json().id;
  ids.draftFile = (
    await uploadEvidence(t.app, owner.cookie, `/api/claims/${ids.draftClaim}/evidence`, pdfBytes())
  ).json().id;
  const x = await t.app.inject({
    method: 'POST',
    url: '/api/exemptions',
    headers: { cookie: owner.cookie },
    payload: {
      year: YEAR,
      ground: 'illness',
      periodFrom: `${YEAR}-01-01`,
      periodTo: `${YEAR}-08-01`,
      note: SECRET,
    },
  });
  ids.exemption = x.json().id;
  await uploadEvidence(t.app, owner.cookie, `/api/exemptions/${ids.exemption}/evidence`);
  await t.app.inject({
    method: 'POST',
    url: `/api/exemptions/${ids.exemption}/submit`,
    headers: { cookie: owner.cookie },
  });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  url: () => string;
  body?: unknown;
  upload?: boolean;
  who: 'owner' | 'reviewer';
};
const claimBody = () => ({ year: YEAR, item: '18-9b', units: 1, details: ARTICLE_DETAILS('改') });
const ROUTES: Route[] = [
  { method: 'GET', url: () => `/api/claims/${ids.claim}`, who: 'owner' },
  { method: 'POST', url: () => `/api/claims/${ids.draftClaim}`, body: claimBody(), who: 'owner' },
  { method: 'POST', url: () => `/api/claims/${ids.draftClaim}/evidence`, upload: true, who: 'owner' },
  { method: 'DELETE', url: () => `/api/claims/${ids.draftClaim}/evidence/${ids.draftFile}`, who: 'owner' },
  { method: 'POST', url: () => `/api/claims/${ids.draftClaim}/submit`, who: 'owner' },
  { method: 'POST', url: () => `/api/claims/${ids.claim}/withdraw`, who: 'owner' },
  { method: 'GET', url: () => `/api/exemptions/${ids.exemption}`, who: 'owner' },
  { method: 'POST', url: () => `/api/exemptions/${ids.exemption}/evidence`, upload: true, who: 'owner' },
  { method: 'POST', url: () => `/api/exemptions/${ids.exemption}/submit`, who: 'owner' },
  { method: 'POST', url: () => `/api/exemptions/${ids.exemption}/withdraw`, who: 'owner' },
  { method: 'GET', url: () => `/api/evidence/${ids.file}`, who: 'reviewer' },
  { method: 'GET', url: () => `/api/evidence/${ids.draftFile}`, who: 'owner' },
  { method: 'GET', url: () => `/api/review/claims/${ids.claim}`, who: 'reviewer' },
  {
    method: 'POST',
    url: () => `/api/review/claims/${ids.claim}/approve`,
    body: { comment: '' },
    who: 'reviewer',
  },
  {
    method: 'POST',
    url: () => `/api/review/claims/${ids.claim}/reject`,
    body: { comment: '否' },
    who: 'reviewer',
  },
  {
    method: 'POST',
    url: () => `/api/review/claims/${ids.claim}/return`,
    body: { comment: '补' },
    who: 'reviewer',
  },
  {
    method: 'POST',
    url: () => `/api/review/claims/${ids.claim}/reverse`,
    body: { comment: '撤' },
    who: 'reviewer',
  },
  { method: 'GET', url: () => `/api/review/exemptions/${ids.exemption}`, who: 'reviewer' },
  {
    method: 'POST',
    url: () => `/api/review/exemptions/${ids.exemption}/approve`,
    body: { comment: '' },
    who: 'reviewer',
  },
  {
    method: 'POST',
    url: () => `/api/review/exemptions/${ids.exemption}/reject`,
    body: { comment: '否' },
    who: 'reviewer',
  },
  {
    method: 'POST',
    url: () => `/api/review/exemptions/${ids.exemption}/return`,
    body: { comment: '补' },
    who: 'reviewer',
  },
];
const CALLERS = [
  'owner',
  'otherMember',
  'sameProvinceReviewer',
  'otherProvinceReviewer',
  'instituteAdmin',
  'systemAdmin',
  'nationalAdmin',
];
const submittedFile = (route: Route) => route.url() === `/api/evidence/${ids.file}`;
const allowed = (route: Route, caller: string) =>
  (caller === 'owner' && (route.who === 'owner' || submittedFile(route))) ||
  (caller === 'sameProvinceReviewer' && route.who === 'reviewer');

async function call(route: Route, caller: string) {
  const cookie = cookies[caller]!;
  if (route.upload) return uploadEvidence(t.app, cookie, route.url());
  return t.app.inject({
    method: route.method,
    url: route.url(),
    headers: { cookie },
    ...(route.body ? { payload: route.body as object } : {}),
  });
}

describe('IDOR matrix: 21 routes × 7 callers', () => {
  it('refuses every caller but the owner or the province’s reviewer, without disclosing anything', async () => {
    let denied = 0;
    for (const route of ROUTES) {
      for (const caller of CALLERS) {
        if (allowed(route, caller)) continue;
        const res = await call(route, caller);
        const what = `${caller} ${route.method} ${route.url()}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect([403, 404], what).toContain(res.statusCode);
        expect(res.body, what).not.toContain(SECRET);
        denied++;
      }
    }
    // the owner's evidence of a draft is no reviewer's business either
    expect(denied).toBe(ROUTES.length * CALLERS.length - ROUTES.length - 1);
  });

  it('lets the owner and the province’s reviewer read it, and keeps it out of other queues', async () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const caller = route.who === 'owner' ? 'owner' : 'sameProvinceReviewer';
      expect((await call(route, caller)).statusCode, route.url()).toBe(200);
    }
    const mine = await t.app.inject({
      url: '/api/review/claims',
      headers: { cookie: cookies.sameProvinceReviewer! },
    });
    expect(mine.body).toContain(SECRET);
    const other = await t.app.inject({
      url: '/api/review/claims?status=all',
      headers: { cookie: cookies.otherProvinceReviewer! },
    });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(SECRET);
    const otherX = await t.app.inject({
      url: '/api/review/exemptions?status=all',
      headers: { cookie: cookies.otherProvinceReviewer! },
    });
    expect(otherX.body).not.toContain(SECRET);
    const list = await t.app.inject({
      url: `/api/claims?year=${YEAR}`,
      headers: { cookie: cookies.otherMember! },
    });
    expect(list.body).not.toContain(SECRET);
  });
});
