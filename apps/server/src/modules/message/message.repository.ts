import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface MessageInput {
  memberId: number;
  title: string;
  body: string;
  link?: string | null;
}

/** Written in the transaction of the decision it tells about. */
export async function insertMessage(db: Executor, m: MessageInput, now: Date): Promise<void> {
  await db.execute(sql`
    INSERT INTO member_messages (member_id, title, body, link, created_at)
    VALUES (${m.memberId}, ${m.title}, ${m.body}, ${m.link ?? null}, ${now.toISOString()}::timestamptz)`);
}

export async function listMessages(db: Executor, memberId: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT id, title, body, link, created_at, read_at FROM member_messages
    WHERE member_id = ${memberId} ORDER BY created_at DESC, id DESC LIMIT 200`);
  return rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    body: String(r.body),
    link: (r.link as string | null) ?? null,
    createdAt: new Date(r.created_at as string | Date).toISOString(),
    read: r.read_at !== null,
  }));
}

export async function unreadCount(db: Executor, memberId: number): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM member_messages WHERE member_id = ${memberId} AND read_at IS NULL`);
  return Number(rows[0]?.n ?? 0);
}

/** Marks one (or, without id, every) message of the member read; another member's id changes nothing. */
export async function markRead(
  db: Executor,
  memberId: number,
  id: number | null,
  now: Date,
): Promise<number> {
  const { rows } = await db.execute<{ id: number }>(sql`
    UPDATE member_messages SET read_at = ${now.toISOString()}::timestamptz
    WHERE member_id = ${memberId} AND read_at IS NULL ${id === null ? sql`` : sql`AND id = ${id}`}
    RETURNING id`);
  return rows.length;
}
