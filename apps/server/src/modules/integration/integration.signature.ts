import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Requests older or newer than this (by their X-CPE-Timestamp) are refused; nonces are kept as long. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const SIGNATURE_HEADERS = {
  key: 'x-cpe-key',
  timestamp: 'x-cpe-timestamp',
  nonce: 'x-cpe-nonce',
  signature: 'x-cpe-signature',
} as const;

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * What is signed: the method, the path as sent (with any query), the timestamp, the nonce and the
 * SHA-256 of the raw body, one per line (docs/integration.md; docs/integration-client.mjs does the same).
 */
export function signedText(method: string, path: string, timestamp: string, nonce: string, body: string) {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

/** The hex HMAC-SHA256 of the signed text under the key's secret. */
export const sign = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');

/** Constant-time comparison of the expected signature with the one sent (hex, any case). */
export function signatureMatches(expected: string, sent: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = /^[0-9a-fA-F]{64}$/.test(sent) ? Buffer.from(sent, 'hex') : Buffer.alloc(0);
  return a.length === b.length && timingSafeEqual(a, b);
}
