import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { loadConfig } from '../../config.ts';
import { aliyunSignature, aliyunSmsProvider } from './aliyun-provider.ts';
import { dispatchSms, REDACTED_BODY, retryDelayMs } from './sms-dispatch.ts';
import { enqueueSms } from './sms-outbox.repository.ts';
import { devSmsProvider, type SmsProvider, smsProvider } from './sms-provider.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function row(app: TestApp, id: number) {
  const { rows } = await app.deps.db.execute<Record<string, unknown>>(
    sql`SELECT status, attempts, body, redacted, last_error, next_attempt_at, provider_message_id
          FROM sms_outbox WHERE id = ${id}`,
  );
  return rows[0]!;
}

describe('SMS dispatch', { timeout: 120_000 }, () => {
  it('sends queued messages once and redacts their text outside demo mode', async () => {
    t = await buildTestApp({ DEMO: false });
    const id = await enqueueSms(
      t.deps.db,
      { phone: '13800000001', purpose: 'test', body: '验证码 123456' },
      t.clock.now(),
    );
    expect(await dispatchSms(t.deps, devSmsProvider)).toMatchObject({ sent: 1, failed: 0 });
    const sent = await row(t, id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, body: REDACTED_BODY, redacted: true });
    expect(sent.provider_message_id).toBe(`dev-${id}`);
    expect(await dispatchSms(t.deps, devSmsProvider)).toMatchObject({ sent: 0 }); // idempotent
  });

  it('keeps the text in demo mode, for the dev outbox page', async () => {
    t = await buildTestApp({ DEMO: true });
    const id = await enqueueSms(
      t.deps.db,
      { phone: '13800000002', purpose: 'test', body: '验证码 654321' },
      t.clock.now(),
    );
    await dispatchSms(t.deps, devSmsProvider);
    expect(await row(t, id)).toMatchObject({ status: 'sent', body: '验证码 654321', redacted: false });
  });

  it('retries with a doubling backoff and marks the message failed after SMS_MAX_ATTEMPTS', async () => {
    t = await buildTestApp({ SMS_MAX_ATTEMPTS: 3 });
    let calls = 0;
    const broken: SmsProvider = {
      name: 'dev',
      async send() {
        calls++;
        throw new Error('provider down');
      },
    };
    const id = await enqueueSms(
      t.deps.db,
      { phone: '13800000003', purpose: 'test', body: '文本' },
      t.clock.now(),
    );
    expect(await dispatchSms(t.deps, broken)).toMatchObject({ retried: 1 });
    let r = await row(t, id);
    expect(r).toMatchObject({ status: 'queued', attempts: 1, last_error: 'provider down' });
    expect(new Date(r.next_attempt_at as string).getTime() - t.clock.now().getTime()).toBe(retryDelayMs(1));
    expect(await dispatchSms(t.deps, broken)).toMatchObject({ retried: 0 }); // not due yet
    t.clock.advance(retryDelayMs(1));
    await dispatchSms(t.deps, broken);
    r = await row(t, id);
    expect(new Date(r.next_attempt_at as string).getTime() - t.clock.now().getTime()).toBe(retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    t.clock.advance(retryDelayMs(2));
    expect(await dispatchSms(t.deps, broken)).toMatchObject({ failed: 1 });
    expect(await row(t, id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(calls).toBe(3);
    t.clock.advance(3600_000);
    await dispatchSms(t.deps, broken);
    expect(calls).toBe(3);
  });

  it('sends each message once when two dispatches run at the same time', async () => {
    t = await buildTestApp();
    const sentIds: number[] = [];
    const counting: SmsProvider = {
      name: 'dev',
      async send(m) {
        sentIds.push(m.id);
        return `x-${m.id}`;
      },
    };
    for (let i = 0; i < 5; i++) {
      await enqueueSms(t.deps.db, { phone: `1380000001${i}`, purpose: 'test', body: 'x' }, t.clock.now());
    }
    await Promise.all([dispatchSms(t.deps, counting), dispatchSms(t.deps, counting)]);
    expect(sentIds.sort()).toEqual([...new Set(sentIds)].sort());
    expect(sentIds).toHaveLength(5);
  });
});

describe('sending a code at once', { timeout: 120_000 }, () => {
  it('dispatches right after the code is queued when jobs run', async () => {
    t = await buildTestApp({ JOBS_ENABLED: true, DEMO: false });
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/auth/recovery/start',
      payload: { userType: 'practicing', username: '310000012345', captcha: '' },
    });
    const sms = await t.app.inject({
      method: 'POST',
      url: `/api/auth/recovery/${started.json().recoveryId}/sms`,
    });
    expect(sms.statusCode).toBe(200);
    let status = '';
    for (let i = 0; i < 100 && status !== 'sent'; i++) {
      const { rows } = await t.deps.db.execute<{ status: string }>(
        sql`SELECT status FROM sms_outbox WHERE phone = '13812348628' ORDER BY id DESC LIMIT 1`,
      );
      status = rows[0]?.status ?? '';
      if (status !== 'sent') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('sent');
    expect((await t.deps.db.execute<{ body: string }>(sql`SELECT body FROM sms_outbox`)).rows[0]!.body).toBe(
      REDACTED_BODY,
    );
  });
});

describe('GET /api/dev/sms-outbox', { timeout: 120_000 }, () => {
  it('lists the outbox without login in demo mode', async () => {
    t = await buildTestApp({ DEMO: true });
    await enqueueSms(
      t.deps.db,
      { phone: '13800000004', purpose: 'recovery_code', body: '验证码 111222' },
      t.clock.now(),
    );
    const res = await t.app.inject({ url: '/api/dev/sms-outbox' });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0]).toMatchObject({ phone: '13800000004', body: '验证码 111222', status: 'queued' });
  });

  it('does not exist outside demo mode', async () => {
    t = await buildTestApp({ DEMO: false });
    expect((await t.app.inject({ url: '/api/dev/sms-outbox' })).statusCode).toBe(404);
  });
});

describe('Aliyun SMS adapter', { timeout: 120_000 }, () => {
  /** The documented example of the RPC signature (SendSms, GET, AccessKey secret "testSecret"). */
  it('signs the documented example', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  // A local stand-in for dysmsapi.aliyuncs.com that checks the signature the way the service does,
  // written here independently of the adapter.
  const SECRET = 'fake-secret';
  let server: Server;
  let endpoint: string;
  const received: Record<string, string>[] = [];
  const encode = (s: string) =>
    encodeURIComponent(s)
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29')
      .replace(/\*/g, '%2A');
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(raw));
        received.push(params);
        const { Signature, ...rest } = params;
        const query = Object.keys(rest)
          .sort()
          .map((k) => `${encode(k)}=${encode(rest[k]!)}`)
          .join('&');
        const expected = createHmac('sha1', `${SECRET}&`)
          .update(`${req.method}&%2F&${encode(query)}`)
          .digest('base64');
        res.setHeader('content-type', 'application/json');
        if (Signature !== expected) {
          res.end(
            JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' }),
          );
          return;
        }
        if (params.PhoneNumbers === '13900000000') {
          res.end(JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控' }));
          return;
        }
        res.end(
          JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${received.length}`, RequestId: 'r' }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = (secret: string) => ({
    endpoint,
    accessKeyId: 'fake-id',
    accessKeySecret: secret,
    signName: '中注协',
    templateCode: 'SMS_000001',
  });

  it('sends a signed SendSms request the endpoint accepts', async () => {
    const provider = aliyunSmsProvider(options(SECRET));
    const body = "您的验证码 123456（10 分钟内有效）! '*~";
    await expect(provider.send({ id: 7, phone: '13800138000', body })).resolves.toMatch(/^biz-/);
    const last = received.at(-1)!;
    expect(last).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: '13800138000',
      SignName: '中注协',
      TemplateCode: 'SMS_000001',
      OutId: '7',
      SignatureMethod: 'HMAC-SHA1',
    });
    expect(JSON.parse(last.TemplateParam!)).toEqual({ content: body });
  });

  it('fails (so the job retries) on a wrong signature or a refusal, without the text in the error', async () => {
    await expect(
      aliyunSmsProvider(options('wrong-secret')).send({ id: 8, phone: '13800138000', body: '验证码 999888' }),
    ).rejects.toThrow(/SignatureDoesNotMatch/);
    const refused = aliyunSmsProvider(options(SECRET)).send({
      id: 9,
      phone: '13900000000',
      body: '验证码 999888',
    });
    await expect(refused).rejects.toThrow(/BUSINESS_LIMIT_CONTROL/);
    await expect(refused).rejects.not.toThrow(/999888/);
  });

  it('is chosen by SMS_PROVIDER, which needs its keys', () => {
    expect(smsProvider(loadConfig({ NODE_ENV: 'test' })).name).toBe('dev');
    expect(() => loadConfig({ NODE_ENV: 'test', SMS_PROVIDER: 'aliyun' })).toThrow(
      /SMS_ALIYUN_ACCESS_KEY_ID/,
    );
    const config = loadConfig({
      NODE_ENV: 'test',
      SMS_PROVIDER: 'aliyun',
      SMS_ALIYUN_ACCESS_KEY_ID: 'id',
      SMS_ALIYUN_ACCESS_KEY_SECRET: 'secret',
      SMS_ALIYUN_SIGN_NAME: '中注协',
      SMS_ALIYUN_TEMPLATE_CODE: 'SMS_1',
    });
    expect(smsProvider(config).name).toBe('aliyun');
  });
});
