/** Signed requests of the institute integration API, as an institute's platform sends them. */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { integrationKeys } from '../src/modules/integration/integration.keys.ts';
import { HOUR_RECORDS_PATH } from '../src/modules/integration/integration.routes.ts';
import { sign, signedText } from '../src/modules/integration/integration.signature.ts';
import type { TestApp } from './app.ts';
import type { MemberFixture } from './fixtures.ts';
import { YEAR } from './learning.ts';

export interface Key {
  keyId: string;
  secret: string;
}

/** A new key of the institute with this code ('snai' is institute 2). */
export const makeKey = (t: TestApp, institute = 'snai'): Promise<Key> =>
  integrationKeys(t.deps).create(institute, 'test');

export interface SignOptions {
  nonce?: string;
  /** unix seconds; the test clock's now unless given */
  timestamp?: number;
  /** sign with this secret instead of the key's */
  secret?: string;
  headers?: Record<string, string>;
  /** sign this body but send the one given (a body changed on the way) */
  signBody?: string;
}

/** Posts this raw body signed with the key. */
export function pushRaw(
  t: TestApp,
  key: Key,
  body: string,
  o: SignOptions = {},
): Promise<LightMyRequestResponse> {
  const timestamp = String(o.timestamp ?? Math.floor(t.clock.now().getTime() / 1000));
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  const text = signedText('POST', HOUR_RECORDS_PATH, timestamp, nonce, o.signBody ?? body);
  return t.app.inject({
    method: 'POST',
    url: HOUR_RECORDS_PATH,
    headers: {
      'content-type': 'application/json',
      'x-cpe-key': key.keyId,
      'x-cpe-timestamp': timestamp,
      'x-cpe-nonce': nonce,
      'x-cpe-signature': sign(o.secret ?? key.secret, text),
      ...o.headers,
    },
    payload: body,
  });
}

export const push = (t: TestApp, key: Key, records: unknown[], o: SignOptions = {}) =>
  pushRaw(t, key, JSON.stringify({ records }), o);

/** A valid record of the member: 1.50 hours of an elective lesson completed and evaluated an hour ago. */
export function hourRecord(t: TestApp, member: MemberFixture, overrides: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  return {
    recordId: `r-${randomBytes(6).toString('hex')}`,
    memberType: member.memberType,
    certificateNumber: member.username,
    year: YEAR,
    courseTitle: '外部平台：审计实务',
    lessonTitle: '第一讲 风险评估',
    kind: 'elective',
    ethics: false,
    hours: 1.5,
    completedAt: new Date(now - 2 * 3600_000).toISOString(),
    evaluatedAt: new Date(now - 3600_000).toISOString(),
    ...overrides,
  };
}

/** How many records of the member are stored (accepted, whatever their batch). */
export async function storedCount(t: TestApp, memberId: number) {
  const { rows } = await t.deps.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM integration_hour_records WHERE member_id = ${memberId}`,
  );
  return Number(rows[0]!.n);
}
