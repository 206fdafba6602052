import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { payGateway } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { sandboxKeys } from '../../sandbox-pay/keys.ts';
import { SANDBOX_PREFIX } from '../../sandbox-pay/sandbox.routes.ts';
import { type SandboxGateway, sandboxGateway } from '../../sandbox-pay/sandbox.ts';
import { fetchTransport, type Transport, type WechatPayClient, wechatPayClient } from './wechat/client.ts';
import { privateKeyOf, publicKeyOf } from './wechat/protocol.ts';

export const NOTIFY_PATH = '/api/pay/wechat/notify';
/** Payment and refund notifications arrive at the same route; the event type tells them apart. */
export const REFUND_NOTIFY_PATH = NOTIFY_PATH;
const SANDBOX_BASE = `http://sandbox.invalid${SANDBOX_PREFIX}`;

export type PaymentGateway =
  | {
      mode: 'sandbox';
      client: () => Promise<WechatPayClient>;
      sandbox: () => Promise<SandboxGateway>;
      /** stops the sandbox's timers, if it was ever started */
      stop: () => Promise<void>;
    }
  | { mode: 'wechat'; client: () => Promise<WechatPayClient> }
  | { mode: 'disabled'; reason: string };

/** Requests to the sandbox go through the app itself (inject): same bytes, same signatures, no port. */
const injectTransport =
  (app: FastifyInstance): Transport =>
  async ({ method, url, headers, body }) => {
    const res = await app.inject({
      method,
      url: new URL(url).pathname + new URL(url).search,
      headers,
      payload: body,
    });
    return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body };
  };

/**
 * The gateway chosen by configuration alone: the sandbox (default outside production) or WeChat Pay with
 * the merchant's keys from files and environment. Production without them: payment disabled, said why.
 */
export function paymentGateway(deps: Deps, app: FastifyInstance): PaymentGateway {
  const { config, clock } = deps;
  const now = () => clock.now();
  if (payGateway(config) === 'sandbox') {
    let sandbox: Promise<SandboxGateway> | undefined;
    let client: Promise<WechatPayClient> | undefined;
    const getSandbox = () => {
      sandbox ??= sandboxKeys().then((keys) =>
        sandboxGateway({
          keys,
          now,
          cashierPath: `${SANDBOX_PREFIX}/cashier`,
          log: (m) => deps.log?.warn(m),
          deliver: async (url, headers, body) => {
            const res = await app.inject({
              method: 'POST',
              url: new URL(url, 'http://local').pathname,
              headers,
              payload: body,
            });
            return res.statusCode;
          },
        }),
      );
      return sandbox;
    };
    const getClient = () => {
      client ??= sandboxKeys().then((keys) =>
        wechatPayClient(
          {
            baseUrl: SANDBOX_BASE,
            mchid: keys.mchid,
            appid: keys.appid,
            serialNo: keys.merchant.serialNo,
            privateKey: keys.merchant.privateKey,
            apiV3Key: keys.apiV3Key,
            platform: { serialNo: keys.platform.serialNo, publicKey: keys.platform.publicKey },
            notifyUrl: NOTIFY_PATH,
            refundNotifyUrl: REFUND_NOTIFY_PATH,
          },
          injectTransport(app),
          now,
        ),
      );
      return client;
    };
    const stop = async () => (await sandbox)?.stop();
    return { mode: 'sandbox', client: getClient, sandbox: getSandbox, stop };
  }
  const missing = (
    [
      'WECHAT_PAY_MCHID',
      'WECHAT_PAY_APPID',
      'WECHAT_PAY_SERIAL_NO',
      'WECHAT_PAY_PRIVATE_KEY_FILE',
      'WECHAT_PAY_PLATFORM_CERT_FILE',
      'WECHAT_PAY_PLATFORM_SERIAL_NO',
      'WECHAT_PAY_API_V3_KEY',
    ] as const
  ).filter((k) => !config[k]);
  const origin = config.PAY_NOTIFY_ORIGIN ?? config.PUBLIC_ORIGIN;
  if (!origin) missing.push('PAY_NOTIFY_ORIGIN' as never);
  if (missing.length) return { mode: 'disabled', reason: `未配置 ${missing.join('、')}` };
  let creds: ReturnType<typeof wechatPayClient>['credentials'];
  try {
    creds = {
      baseUrl: config.WECHAT_PAY_BASE_URL.replace(/\/$/, ''),
      mchid: config.WECHAT_PAY_MCHID!,
      appid: config.WECHAT_PAY_APPID!,
      serialNo: config.WECHAT_PAY_SERIAL_NO!,
      privateKey: privateKeyOf(readFileSync(config.WECHAT_PAY_PRIVATE_KEY_FILE!, 'utf8')),
      apiV3Key: config.WECHAT_PAY_API_V3_KEY!,
      platform: {
        serialNo: config.WECHAT_PAY_PLATFORM_SERIAL_NO!,
        publicKey: publicKeyOf(readFileSync(config.WECHAT_PAY_PLATFORM_CERT_FILE!, 'utf8')),
      },
      notifyUrl: new URL(NOTIFY_PATH, origin).href,
      refundNotifyUrl: new URL(REFUND_NOTIFY_PATH, origin).href,
    };
  } catch (e) {
    return { mode: 'disabled', reason: `商户密钥或平台证书无法读取（${(e as Error).message}）` };
  }
  const client = wechatPayClient(creds, fetchTransport, now);
  return { mode: 'wechat', client: async () => client };
}
