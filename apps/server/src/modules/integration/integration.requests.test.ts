import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { hourRecord, makeKey, push, pushRaw, storedCount } from '../../../test/integration.ts';
import { buildLearningApp, learningNow } from '../../../test/learning.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

describe('institute integration API: signed requests', () => {
  it('refuses a bad signature, an unknown key, missing headers and a stale timestamp (401)', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = [hourRecord(t, member)];
    const bad = await push(t, key, records, { secret: 'not-the-secret' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ code: 'SIGNATURE_INVALID', message: '签名不正确' });
    // the body is what is signed: a changed body fails a signature made for another
    const body = JSON.stringify({ records });
    const tampered = await pushRaw(t, key, body.replace('1.5', '15'), { signBody: body });
    expect(tampered.json()).toEqual({ code: 'SIGNATURE_INVALID', message: '签名不正确' });
    const unknown = await push(t, { keyId: 'ik_nobody', secret: key.secret }, records);
    expect(unknown.json()).toMatchObject({ code: 'SIGNATURE_INVALID', message: '密钥不存在或已停用' });
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/integration/v1/hour-records',
      payload: { records },
    });
    expect(bare.statusCode).toBe(401);
    const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
    const stale = await push(t, key, records, { timestamp: nowSeconds - 301 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('REQUEST_EXPIRED');
    const future = await push(t, key, records, { timestamp: nowSeconds + 301 });
    expect(future.json().code).toBe('REQUEST_EXPIRED');
    expect((await push(t, key, records, { timestamp: nowSeconds - 290 })).statusCode).toBe(200);
  });

  it('refuses a replayed request (same nonce) with 409 and stores nothing twice', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const records = [hourRecord(t, member)];
    const nonce = 'replay-nonce-0123456789';
    expect((await push(t, key, records, { nonce })).statusCode).toBe(200);
    const replay = await push(t, key, records, { nonce });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().code).toBe('REQUEST_REPLAYED');
    // even with new content: the nonce is spent
    expect((await push(t, key, [hourRecord(t, member)], { nonce })).statusCode).toBe(409);
    expect(await storedCount(t, member.id)).toBe(1);
    // another key may use the same nonce
    expect((await push(t, await makeKey(t), [hourRecord(t, member)], { nonce })).statusCode).toBe(200);
  });

  it('refuses a key disabled with `cpe integration disable`', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const { integrationCommands } = await import('../../cli/integration.ts');
    const disable = integrationCommands.find((c) => c.matches(['integration', 'disable']))!;
    const quiet = console.log;
    console.log = () => {};
    try {
      expect(await disable.run(['integration', 'disable', key.keyId], t.deps)).toBe(0);
    } finally {
      console.log = quiet;
    }
    const res = await push(t, key, [hourRecord(t, member)]);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('密钥不存在或已停用');
  });

  it('refuses a body over the limit and a batch over 1000 records (413)', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    const big = await pushRaw(t, key, JSON.stringify({ records: [], pad: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    const many = Array.from({ length: 1001 }, () => hourRecord(t, member));
    const res = await push(t, key, many);
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/1000/);
    expect(await storedCount(t, member.id)).toBe(0);
    const empty = await push(t, key, []);
    expect(empty.statusCode).toBe(400);
  });

  it('is in the OpenAPI document with its signature headers and record fields', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    const op = res.json().paths['/api/integration/v1/hour-records'].post;
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining([
        'header:x-cpe-key',
        'header:x-cpe-timestamp',
        'header:x-cpe-nonce',
        'header:x-cpe-signature',
      ]),
    );
    const schema = op.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties.records.items.properties)).toEqual(
      expect.arrayContaining(['recordId', 'certificateNumber', 'hours', 'completedAt', 'evaluatedAt']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '409', '413']));
  });
});

describe('对接密钥 (institute admins)', () => {
  it('issues a working key to an institute admin, lists it without its secret, and disables it', async () => {
    const admin = await makeStaff(t, { role: 'institute_admin', instituteId: 2 });
    const otherAdmin = await makeStaff(t, { role: 'institute_admin', instituteId: 1 });
    const national = await makeStaff(t);
    const member = await makeMember(t, { institute: 2 });
    const call = (cookie: string, method: 'GET' | 'POST', url: string) =>
      t.app.inject({ method, url: `/api/institute/integration-keys${url}`, headers: { cookie } });

    const issued = await call(admin.cookie, 'POST', '');
    expect(issued.statusCode).toBe(201);
    const key = issued.json();
    expect(key.keyId).toMatch(/^ik_[0-9a-f]{16}$/);
    expect((await push(t, key, [hourRecord(t, member)])).json().accepted).toBe(1);

    const listed = await call(admin.cookie, 'GET', '');
    expect(listed.json().keys).toContainEqual(
      expect.objectContaining({ keyId: key.keyId, createdBy: admin.username, disabledAt: null }),
    );
    expect(listed.body).not.toContain(key.secret);
    expect(
      (await call(otherAdmin.cookie, 'GET', '')).json().keys.map((k: { keyId: string }) => k.keyId),
    ).not.toContain(key.keyId);
    expect((await call(national.cookie, 'GET', '')).statusCode).toBe(403);
    expect((await call(member.cookie, 'POST', '')).statusCode).toBe(403);

    // another institute's admin cannot disable it
    expect((await call(otherAdmin.cookie, 'POST', `/${key.keyId}/disable`)).statusCode).toBe(404);
    expect((await call(admin.cookie, 'POST', `/${key.keyId}/disable`)).statusCode).toBe(204);
    expect((await call(admin.cookie, 'POST', `/${key.keyId}/disable`)).statusCode).toBe(404);
    expect((await push(t, key, [hourRecord(t, member)])).statusCode).toBe(401);
  });
});

describe('cpe integration', () => {
  it('issues a key whose secret is printed once, lists keys without secrets, and disables them', async () => {
    const { integrationCommands } = await import('../../cli/integration.ts');
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const log = console.log;
      const err = console.error;
      console.log = (...a: unknown[]) => out.push(a.join(' '));
      console.error = console.log;
      try {
        const code = await integrationCommands.find((c) => c.matches(argv))!.run(argv, t.deps);
        return { code, out: out.join('\n') };
      } finally {
        console.log = log;
        console.error = err;
      }
    };
    const created = await run(['integration', 'create-key', '--institute', 'xnai']);
    expect(created.code).toBe(0);
    const keyId = /key id: +(ik_[0-9a-f]{16})/.exec(created.out)![1]!;
    const secret = /secret: +(\S+)/.exec(created.out)![1]!;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const listed = await run(['integration', 'list']);
    expect(listed.out).toMatch(new RegExp(`${keyId}  xnai  \\S+  enabled`));
    expect(listed.out).not.toContain(secret);
    expect((await run(['integration', 'create-key', '--institute', 'nope'])).code).toBe(1);
    expect((await run(['integration', 'disable', keyId])).code).toBe(0);
    expect((await run(['integration', 'disable', keyId])).code).toBe(1);
    expect((await run(['integration', 'list'])).out).toMatch(new RegExp(`${keyId}  xnai  \\S+  disabled`));
  });
});

describe('docs/integration-client.mjs', () => {
  it('signs and posts a batch from a JSON file to a running server', async () => {
    const key = await makeKey(t);
    const member = await makeMember(t, { institute: 2 });
    // the example signs with the real time, so the server's clock is the real time for this request
    t.clock.set(new Date());
    const dir = mkdtempSync(join(tmpdir(), 'cpe-integration-'));
    try {
      const records = [hourRecord(t, member), hourRecord(t, member, { hours: 0.25 })];
      const file = join(dir, 'records.json');
      writeFileSync(file, JSON.stringify({ records: [...records, records[0]] }));
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const script = fileURLToPath(new URL('../../../../../docs/integration-client.mjs', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [script, file], {
        env: { PATH: process.env.PATH, CPE_URL: address, CPE_KEY_ID: key.keyId, CPE_SECRET: key.secret },
      });
      expect(JSON.parse(stdout)).toMatchObject({
        status: 200,
        accepted: 2,
        duplicates: 1,
        refused: 0,
        rows: [{ status: 'accepted' }, { status: 'accepted' }, { status: 'duplicate' }],
      });
      expect(await storedCount(t, member.id)).toBe(2);
    } finally {
      t.clock.set(learningNow());
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
