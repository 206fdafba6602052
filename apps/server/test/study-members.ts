import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { login, type TestApp } from './app.ts';
import { chooseInstitute } from './learning.ts';

export interface TestMember {
  id: number;
  username: string;
  /** a session cookie; `login()` again for another device */
  cookie: string;
}

/**
 * A new member of its own (the demo password, a random certificate number), signed in, with the
 * Shanghai institute chosen for the year unless `choose` is false. Tests that need a member nobody
 * else touches use this, so they pass alone and in any order.
 */
export async function newMember(
  t: TestApp,
  type: 'practicing' | 'non_practicing' = 'practicing',
  choose = true,
): Promise<TestMember> {
  const digits = `39${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`;
  const username = type === 'practicing' ? digits : `N${digits}`;
  const { rows } = await t.deps.db.execute<{ id: number }>(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id,
      registered_on, password_hash)
    SELECT ${type}::text, ${username}::text, '测试会员', id_number, mobile, province_code,
      CASE WHEN ${type === 'practicing'}::boolean THEN firm_id END, registered_on, password_hash
    FROM members WHERE username = '310000012345'
    RETURNING id`);
  const { cookie } = await login(t.app, username, type);
  if (choose) {
    const res = await chooseInstitute(t.app, cookie, 2);
    if (res.statusCode !== 201) throw new Error(`choice failed: ${res.statusCode} ${res.body}`);
  }
  return { id: Number(rows[0]!.id), username, cookie };
}

/** Total watched seconds of a member over all lessons, and the longest watched-interval list. */
export async function progressTotals(t: TestApp, memberId: number) {
  const { rows } = await t.deps.db.execute<{ watched: number; longest: number }>(sql`
    SELECT COALESCE(SUM(watched_seconds), 0)::int AS watched,
           COALESCE(MAX(jsonb_array_length(intervals)), 0)::int AS longest
    FROM lesson_progress WHERE member_id = ${memberId}`);
  return { watched: Number(rows[0]!.watched), longest: Number(rows[0]!.longest) };
}
