import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import {
  ARTICLE_DETAILS,
  pdfBytes,
  pngHeader,
  submittedClaim,
  uploadEvidence,
} from '../../../test/claims.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { learningNow, YEAR } from '../../../test/learning.ts';

let t: TestApp;
let evidenceDir: string;
let reviewer: string;
beforeAll(async () => {
  evidenceDir = await mkdtemp(join(tmpdir(), 'cpe-evidence-'));
  t = await buildTestApp({ EVIDENCE_DIR: evidenceDir, EVIDENCE_MAX_BYTES: 64 * 1024 }, learningNow());
  reviewer = (await makeStaff(t, { role: 'provincial_reviewer', province: '31' })).cookie;
});
afterAll(async () => {
  await t.close();
  await rm(evidenceDir, { recursive: true, force: true });
});

const req = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const draft = async (cookie: string, body: Record<string, unknown> = {}) => {
  const res = await req('POST', '/api/claims', cookie, {
    year: YEAR,
    item: '18-9b',
    units: 1,
    details: ARTICLE_DETAILS(`标题${Math.random()}`),
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
};
const ledger = async (memberId: number) => {
  const { rows } = await t.deps.db.execute<Record<string, unknown>>(sql`
    SELECT source_type, source_id, hours_hundredths, bucket, detail, rule_set_version
    FROM hour_ledger WHERE member_id = ${memberId} ORDER BY id`);
  return rows;
};
const hours = async (cookie: string) => (await req('GET', `/api/me/hours?year=${YEAR}`, cookie)).json();
const files = async () =>
  (await readdir(evidenceDir, { recursive: true })).filter((f) => /[a-f0-9]{32}$/.test(f));

describe('the catalogue', () => {
  it('offers each member type its own article, every item with its detail fields', async () => {
    const p = await makeMember(t);
    const n = await makeMember(t, { memberType: 'non_practicing' });
    const pc = (await req('GET', `/api/catalogue?year=${YEAR}`, p.cookie)).json();
    const nc = (await req('GET', `/api/catalogue?year=${YEAR}`, n.cookie)).json();
    expect(pc.items.every((i: { code: string }) => i.code.startsWith('18-'))).toBe(true);
    expect(nc.items.every((i: { code: string }) => i.code.startsWith('9-'))).toBe(true);
    const article = pc.items.find((i: { code: string }) => i.code === '18-9b');
    expect(article.fields.map((f: { key: string }) => f.key)).toEqual(['title', 'journal', 'publishedOn']);
    expect(pc.ruleSet.outputCap).toBe(3200);
    expect(pc.credited).toEqual({ output: 0, byItem: {} });
  });
});

describe('a member’s claim', () => {
  it('is checked against the item’s declared details, units and member type', async () => {
    const { cookie } = await makeMember(t);
    const bad = async (body: Record<string, unknown>) => {
      const res = await req('POST', '/api/claims', cookie, {
        year: YEAR,
        item: '18-9b',
        units: 1,
        details: ARTICLE_DETAILS('x'),
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().message as string;
    };
    expect(await bad({ details: { title: '论文', journal: '刊物' } })).toContain('请填写发表日期');
    expect(await bad({ details: { ...ARTICLE_DETAILS('t'), isbn: '1' } })).toContain('isbn');
    expect(await bad({ units: 1.5 })).toContain('整数');
    expect(await bad({ item: '9-3b' })).toContain('产出项目不可用');
    expect(await bad({ units: 1.234 })).toMatch(/两位小数/);
  });

  it('goes draft → submitted → withdrawn, needs evidence, and cannot change once submitted', async () => {
    const { cookie } = await makeMember(t);
    const id = await draft(cookie);
    const noEvidence = await req('POST', `/api/claims/${id}/submit`, cookie);
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().message).toContain('证明材料');
    expect((await uploadEvidence(t.app, cookie, `/api/claims/${id}/evidence`)).statusCode).toBe(201);
    const submitted = await req('POST', `/api/claims/${id}/submit`, cookie);
    expect(submitted.json()).toMatchObject({ status: 'submitted', computedHours: 8 });
    expect((await req('POST', `/api/claims/${id}/submit`, cookie)).statusCode).toBe(409);
    const edit = await req('POST', `/api/claims/${id}`, cookie, {
      year: YEAR,
      item: '18-9b',
      units: 2,
      details: ARTICLE_DETAILS('新'),
    });
    expect(edit.json().code).toBe('CLAIM_STATE_CONFLICT');
    expect((await uploadEvidence(t.app, cookie, `/api/claims/${id}/evidence`)).statusCode).toBe(409);
    expect((await req('POST', `/api/claims/${id}/withdraw`, cookie)).json().status).toBe('withdrawn');
    expect((await req('POST', `/api/claims/${id}/withdraw`, cookie)).statusCode).toBe(409);
  });

  it('refuses the same title written differently twice, but not after the first is withdrawn', async () => {
    const { cookie } = await makeMember(t);
    const first = await submittedClaim(t.app, cookie, { details: ARTICLE_DETAILS('论审计 风险') });
    const second = await draft(cookie, { details: ARTICLE_DETAILS('论审计风险！') });
    expect((await req('GET', `/api/claims/${second}`, cookie)).json().duplicateOf).toBe(first);
    await uploadEvidence(t.app, cookie, `/api/claims/${second}/evidence`);
    const dup = await req('POST', `/api/claims/${second}/submit`, cookie);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('DUPLICATE_CLAIM');
    await req('POST', `/api/claims/${first}/withdraw`, cookie);
    expect((await req('POST', `/api/claims/${second}/submit`, cookie)).statusCode).toBe(200);
  });
});

describe('review', () => {
  it('approval enters the ledger once, in its own transaction, with the hours granted, and tells the member', async () => {
    const m = await makeMember(t);
    const id = await submittedClaim(t.app, m.cookie);
    const queue = (await req('GET', '/api/review/claims', reviewer)).json();
    const row = queue.claims.find((c: { id: number }) => c.id === id);
    expect(row).toMatchObject({ computedHours: 8, suggestedHours: 8, maxHours: 8, status: 'submitted' });
    // The reviewer reads the details under the item's own labels, not the keys.
    expect(row.detailLabels).toEqual({ title: '文章标题', journal: '刊物名称', publishedOn: '发表日期' });
    expect(queue.counts.submitted).toBeGreaterThan(0);

    const approved = await req('POST', `/api/review/claims/${id}/approve`, reviewer, {
      hours: 6.5,
      comment: '字数不足，酌减',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', grantedHours: 6.5 });
    const entries = await ledger(m.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      source_type: 'claim',
      source_id: id,
      hours_hundredths: 650,
      bucket: 'output',
    });
    const standing = await hours(m.cookie);
    expect(standing.credited.output).toBe(6.5);
    const list = (await req('GET', `/api/claims?year=${YEAR}`, m.cookie)).json();
    expect(list).toMatchObject({ creditedOutput: 6.5, outputCap: 32 });
    const msgs = (await req('GET', '/api/messages', m.cookie)).json();
    expect(msgs.unread).toBe(1);
    expect(msgs.messages[0].title).toContain('6.50 学时');
    const { rows: sms } = await t.deps.db.execute(
      sql`SELECT purpose FROM sms_outbox WHERE member_id = ${m.id}`,
    );
    expect(sms).toEqual([{ purpose: 'claim_decision' }]);
    const { rows: decisions } = await t.deps.db.execute<Record<string, unknown>>(sql`
      SELECT action, granted_hundredths, rule_set_version FROM review_decisions WHERE subject_id = ${id} AND subject_type = 'claim'`);
    expect(decisions).toEqual([{ action: 'approve', granted_hundredths: 650, rule_set_version: 1 }]);
    const { rows: audit } = await t.deps.db.execute(
      sql`SELECT action FROM audit_log WHERE target = ${`claim/${id}`} ORDER BY id`,
    );
    expect(audit.map((a) => (a as { action: string }).action)).toEqual(['claim.submit', 'claim.approve']);
    expect((await req('POST', `/api/review/claims/${id}/approve`, reviewer, {})).statusCode).toBe(409);
  });

  it('refuses hours above units × rate or above what the item cap leaves (4xx, not clamped)', async () => {
    const m = await makeMember(t);
    const a = await submittedClaim(t.app, m.cookie, { units: 2 });
    const over = await req('POST', `/api/review/claims/${a}/approve`, reviewer, {
      hours: 16.01,
      comment: '',
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('HOURS_OVER_LIMIT');
    expect(
      (await req('POST', `/api/review/claims/${a}/approve`, reviewer, { hours: 16, comment: '' })).statusCode,
    ).toBe(200);
    const b = await submittedClaim(t.app, m.cookie, { units: 2 });
    const capped = await req('POST', `/api/review/claims/${b}/approve`, reviewer, { hours: 16, comment: '' });
    expect(capped.statusCode).toBe(422);
    expect(capped.json().message).toContain('仅余 8.00 学时');
    expect((await req('GET', `/api/review/claims/${b}`, reviewer)).json().suggestedHours).toBe(8);
    expect((await req('POST', `/api/review/claims/${b}/approve`, reviewer, {})).json().grantedHours).toBe(8);
    expect((await ledger(m.id)).map((e) => e.hours_hundredths)).toEqual([1600, 800]);
  });

  it('returns for more material, takes the answer, rejects with a reason the member reads', async () => {
    const m = await makeMember(t);
    const id = await submittedClaim(t.app, m.cookie);
    expect(
      (await req('POST', `/api/review/claims/${id}/return`, reviewer, { comment: '请补充刊物目录页' })).json()
        .status,
    ).toBe('returned');
    expect(
      (await uploadEvidence(t.app, m.cookie, `/api/claims/${id}/evidence`, pdfBytes('目录'))).statusCode,
    ).toBe(201);
    expect((await req('POST', `/api/claims/${id}/submit`, m.cookie)).json().status).toBe('submitted');
    const rejected = await req('POST', `/api/review/claims/${id}/reject`, reviewer, {
      comment: '刊物非公开发行',
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', reviewComment: '刊物非公开发行' });
    expect((await req('POST', `/api/review/claims/${id}/approve`, reviewer, {})).statusCode).toBe(409);
    expect((await req('POST', `/api/review/claims/${id}/reject`, reviewer, { comment: '' })).statusCode).toBe(
      400,
    );
    const msgs = (await req('GET', '/api/messages', m.cookie)).json();
    expect(msgs.messages.map((x: { body: string }) => x.body)).toContain('审核意见：刊物非公开发行');
    expect(await ledger(m.id)).toEqual([]);
    expect((await req('POST', `/api/messages/read-all`, m.cookie)).json().unread).toBe(0);
  });

  it('a reversal is a negative entry that cancels the claim’s entry, never an edit', async () => {
    const m = await makeMember(t);
    const id = await submittedClaim(t.app, m.cookie);
    await req('POST', `/api/review/claims/${id}/approve`, reviewer, {});
    expect((await hours(m.cookie)).credited.output).toBe(8);
    const reversed = await req('POST', `/api/review/claims/${id}/reverse`, reviewer, {
      comment: '证明材料不实',
    });
    expect(reversed.json().status).toBe('reversed');
    const entries = await ledger(m.id);
    expect(entries.map((e) => [e.source_type, e.hours_hundredths])).toEqual([
      ['claim', 800],
      ['adjustment', -800],
    ]);
    expect((await hours(m.cookie)).credited.output).toBe(0);
    expect(
      (await req('POST', `/api/review/claims/${id}/reverse`, reviewer, { comment: '再次' })).statusCode,
    ).toBe(409);
  });

  it('twenty concurrent approvals against one item cap grant exactly the cap', async () => {
    const m = await makeMember(t);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(await submittedClaim(t.app, m.cookie));
    const results = await Promise.all(
      ids.map((id) => req('POST', `/api/review/claims/${id}/approve`, reviewer, {})),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(3); // 3 × 8 = the 24-hour cap of 18-9b
    expect(codes.filter((c) => c === 422)).toHaveLength(17);
    const entries = await ledger(m.id);
    expect(entries.reduce((s, e) => s + Number(e.hours_hundredths), 0)).toBe(2400);
  });

  it('one claim approved twice at once: one ledger entry, one 409', async () => {
    const m = await makeMember(t);
    const id = await submittedClaim(t.app, m.cookie);
    const [a, b] = await Promise.all([
      req('POST', `/api/review/claims/${id}/approve`, reviewer, {}),
      req('POST', `/api/review/claims/${id}/approve`, reviewer, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await ledger(m.id)).toHaveLength(1);
  });
});

describe('evidence files (FILE-1)', () => {
  it('refuses HTML named .pdf, an oversized upload and a pixel bomb, leaving no row or file behind', async () => {
    const { cookie } = await makeMember(t);
    const id = await draft(cookie);
    const before = await files();
    const html = await uploadEvidence(
      t.app,
      cookie,
      `/api/claims/${id}/evidence`,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'a.pdf',
    );
    expect(html.statusCode).toBe(415);
    const big = await uploadEvidence(
      t.app,
      cookie,
      `/api/claims/${id}/evidence`,
      Buffer.concat([pdfBytes(), Buffer.alloc(70 * 1024)]),
    );
    expect(big.statusCode).toBe(413);
    const bomb = await uploadEvidence(
      t.app,
      cookie,
      `/api/claims/${id}/evidence`,
      pngHeader(100_000, 100_000),
      'bomb.png',
    );
    expect(bomb.statusCode).toBe(415);
    expect((await req('GET', `/api/claims/${id}`, cookie)).json().evidence).toEqual([]);
    expect(await files()).toEqual(before);
    const { rows } = await t.deps.db.execute(
      sql`SELECT count(*)::int AS n FROM evidence_files WHERE claim_id = ${id}`,
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('never uses the upload’s name as a path, and serves the file as an attachment with nosniff', async () => {
    const { cookie } = await makeMember(t);
    const id = await draft(cookie);
    const res = await uploadEvidence(
      t.app,
      cookie,
      `/api/claims/${id}/evidence`,
      pdfBytes('x'),
      '../../etc/passwd.pdf',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().fileName).toBe('passwd.pdf');
    const { rows } = await t.deps.db.execute<{ storage_key: string }>(
      sql`SELECT storage_key FROM evidence_files WHERE id = ${res.json().id}`,
    );
    expect(rows[0]!.storage_key).toMatch(/^[a-f0-9]{2}\/[a-f0-9]{32}$/);
    const file = await req('GET', `/api/evidence/${res.json().id}`, cookie);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('exemptions and the 1-July reduction', () => {
  it('an approved exemption sets the year’s requirement to nothing, and 学时查询 says why', async () => {
    const m = await makeMember(t);
    const created = await req('POST', '/api/exemptions', m.cookie, {
      year: YEAR,
      ground: 'abroad',
      periodFrom: `${YEAR}-01-01`,
      periodTo: `${YEAR}-09-30`,
      note: '外派',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await req('POST', `/api/exemptions/${id}/submit`, m.cookie)).statusCode).toBe(400);
    await uploadEvidence(t.app, m.cookie, `/api/exemptions/${id}/evidence`);
    expect((await req('POST', `/api/exemptions/${id}/submit`, m.cookie)).json().status).toBe('submitted');
    const queue = (await req('GET', '/api/review/exemptions', reviewer)).json();
    expect(queue.exemptions.find((x: { id: number }) => x.id === id).effect).toContain('变为 0.00 学时');
    expect(
      (await req('POST', `/api/review/exemptions/${id}/approve`, reviewer, { comment: '' })).json().status,
    ).toBe('approved');
    const standing = await hours(m.cookie);
    expect(standing.requirement.total).toBe(0);
    expect(standing.reasons.join()).toContain('出国');
    expect(
      (await req('POST', `/api/review/exemptions/${id}/approve`, reviewer, { comment: '' })).statusCode,
    ).toBe(409);
  });

  it('refuses a period outside the year and an unknown ground', async () => {
    const m = await makeMember(t);
    const base = {
      year: YEAR,
      ground: 'abroad',
      periodFrom: `${YEAR}-01-01`,
      periodTo: `${YEAR}-09-30`,
      note: '',
    };
    expect(
      (
        await req('POST', '/api/exemptions', m.cookie, {
          ...base,
          periodFrom: `${YEAR - 2}-01-01`,
          periodTo: `${YEAR - 2}-03-01`,
        })
      ).statusCode,
    ).toBe(400);
    expect((await req('POST', '/api/exemptions', m.cookie, { ...base, ground: 'holiday' })).statusCode).toBe(
      400,
    );
    expect(
      (
        await req('POST', '/api/exemptions', m.cookie, {
          ...base,
          periodFrom: `${YEAR}-05-01`,
          periodTo: `${YEAR}-04-01`,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('a member registered after 1 July gets the reduction with no request, and 学时查询 says why', async () => {
    const m = await makeMember(t, { registeredOn: `${YEAR}-08-01` });
    const standing = await hours(m.cookie);
    expect(standing.requirement.total).toBe(20);
    expect(standing.reasons[0]).toContain(`${YEAR}-08-01`);
  });
});
