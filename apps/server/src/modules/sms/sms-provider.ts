import type { Config } from '../../config.ts';
import { aliyunSmsProvider } from './aliyun-provider.ts';

export interface OutgoingSms {
  /** the outbox row's id: providers use it to make a resend of the same message recognisable */
  id: number;
  phone: string;
  body: string;
}

/** Delivers one text message; throws when the provider refused it or could not be reached. */
export interface SmsProvider {
  readonly name: 'dev' | 'aliyun';
  /** Returns the provider's id of the accepted message. */
  send(message: OutgoingSms): Promise<string>;
}

/**
 * Development and demo: the message stays in the outbox, where the dev page shows it. Nothing is written
 * to the log (codes must never reach it).
 */
export const devSmsProvider: SmsProvider = {
  name: 'dev',
  async send(message) {
    return `dev-${message.id}`;
  },
};

/** The provider SMS_PROVIDER names. */
export function smsProvider(config: Config, fetchImpl: typeof fetch = fetch): SmsProvider {
  if (config.SMS_PROVIDER === 'aliyun') {
    return aliyunSmsProvider(
      {
        endpoint: config.SMS_ALIYUN_ENDPOINT,
        accessKeyId: config.SMS_ALIYUN_ACCESS_KEY_ID!,
        accessKeySecret: config.SMS_ALIYUN_ACCESS_KEY_SECRET!,
        signName: config.SMS_ALIYUN_SIGN_NAME!,
        templateCode: config.SMS_ALIYUN_TEMPLATE_CODE!,
      },
      fetchImpl,
    );
  }
  return devSmsProvider;
}
