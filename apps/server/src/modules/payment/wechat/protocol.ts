import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
  randomBytes,
  X509Certificate,
} from 'node:crypto';

/**
 * WeChat Pay API v3, the cryptography: request signatures (RSA-SHA256 over method, URL, timestamp, nonce
 * and body), the verification of the gateway's answers and notifications (over timestamp, nonce and the
 * raw body, with the platform certificate), and the AEAD_AES_256_GCM resource of a notification.
 * The sandbox gateway uses the same functions from the other side.
 */

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

export function privateKeyOf(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** A platform certificate (X.509 PEM) or a bare public key (PEM). */
export function publicKeyOf(pem: string): KeyObject {
  if (pem.includes('BEGIN CERTIFICATE')) return new X509Certificate(pem).publicKey;
  return createPublicKey(pem);
}

export const nonce = () => randomBytes(16).toString('hex');

export function rsaSign(message: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(message).sign(key, 'base64');
}

export function rsaVerify(message: string, signature: string, key: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

/** The message a merchant signs for a request: method, path with query, timestamp, nonce, body. */
export const requestMessage = (
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonceStr: string,
  body: string,
) => `${method}\n${pathWithQuery}\n${timestamp}\n${nonceStr}\n${body}\n`;

/** The message the platform signs for an answer or a notification. */
export const responseMessage = (timestamp: string, nonceStr: string, body: string) =>
  `${timestamp}\n${nonceStr}\n${body}\n`;

export function authorization(
  merchant: { mchid: string; serialNo: string; privateKey: KeyObject },
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): string {
  const nonceStr = nonce();
  const signature = rsaSign(
    requestMessage(method, pathWithQuery, timestamp, nonceStr, body),
    merchant.privateKey,
  );
  return `${AUTH_SCHEMA} mchid="${merchant.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`;
}

/** The fields of an Authorization header, or null when it is not a v3 signature. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return fields;
}

export interface SignedHeaders {
  'wechatpay-timestamp': string;
  'wechatpay-nonce': string;
  'wechatpay-signature': string;
  'wechatpay-serial': string;
}

/** Headers of a platform answer or notification signed with the platform key. */
export function platformHeaders(
  platform: { serialNo: string; privateKey: KeyObject },
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): SignedHeaders {
  const nonceStr = nonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonceStr,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonceStr, body), platform.privateKey),
    'wechatpay-serial': platform.serialNo,
  };
}

export type VerifyProblem = 'missing_headers' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks a platform signature on the raw body; a timestamp more than `maxSkewSeconds` from `now` is
 * refused (replay). Returns null when it holds.
 */
export function verifyPlatform(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  platform: { serialNo: string; publicKey: KeyObject },
  now: Date,
  maxSkewSeconds = 300,
): VerifyProblem | null {
  const h = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = h('wechatpay-timestamp');
  const nonceStr = h('wechatpay-nonce');
  const signature = h('wechatpay-signature');
  const serial = h('wechatpay-serial');
  if (!timestamp || !nonceStr || !signature || !serial) return 'missing_headers';
  if (serial !== platform.serialNo) return 'unknown_serial';
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > maxSkewSeconds) {
    return 'stale_timestamp';
  }
  return rsaVerify(responseMessage(timestamp, nonceStr, body), signature, platform.publicKey)
    ? null
    : 'bad_signature';
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

/** AEAD_AES_256_GCM with the 32-byte API v3 key; the last 16 bytes of the ciphertext are the tag. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error('unsupported algorithm');
  const data = Buffer.from(resource.ciphertext, 'base64');
  const tag = data.subarray(data.length - 16);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  );
  decipher.setAuthTag(tag);
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

export function encryptResource(
  plain: string,
  apiV3Key: string,
  originalType: string,
  associatedData: string,
): EncryptedResource {
  const nonceStr = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonceStr, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: data.toString('base64'),
    associated_data: associatedData,
    nonce: nonceStr,
    original_type: originalType,
  };
}
