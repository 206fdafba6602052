import { createHmac, randomUUID } from 'node:crypto';
import type { OutgoingSms, SmsProvider } from './sms-provider.ts';

export interface AliyunSmsOptions {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** a template with one variable, ${content}, that carries the whole text */
  templateCode: string;
}

/** Aliyun's percent-encoding: RFC 3986 unreserved characters kept, everything else %XX (upper case). */
export const aliyunEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The RPC signature (SignatureVersion 1.0, HMAC-SHA1): the parameters sorted by name, encoded and joined
 * as a query string; the string to sign is `METHOD&%2F&` + the encoded query string; the key is the
 * AccessKey secret followed by `&`.
 */
export function aliyunSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** Aliyun SMS SendSms (API version 2017-05-25), as a signed form POST. */
export function aliyunSmsProvider(options: AliyunSmsOptions, fetchImpl: typeof fetch = fetch): SmsProvider {
  return {
    name: 'aliyun',
    async send(message: OutgoingSms) {
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: message.phone,
        RegionId: 'cn-hangzhou',
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: options.templateCode,
        TemplateParam: JSON.stringify({ content: message.body }),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
        OutId: String(message.id),
      };
      params.Signature = aliyunSignature('POST', params, options.accessKeySecret);
      const body = Object.entries(params)
        .map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`)
        .join('&');
      const res = await fetchImpl(options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await res.json().catch(() => ({}))) as {
        Code?: string;
        Message?: string;
        BizId?: string;
      };
      if (!res.ok || answer.Code !== 'OK') {
        // The provider's code and message only: never the request, which holds the text.
        throw new Error(
          `aliyun SendSms refused: HTTP ${res.status} ${answer.Code ?? ''} ${answer.Message ?? ''}`,
        );
      }
      return answer.BizId ?? '';
    },
  };
}
