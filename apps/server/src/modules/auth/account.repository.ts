import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { members, staff } from '../../db/schema/index.ts';

export type AccountTable = 'members' | 'staff';

export interface LoginAccount {
  table: AccountTable;
  id: number;
  username: string;
  name: string;
  passwordHash: string;
  lockedUntil: Date | null;
  disabled: boolean;
}

export async function findLoginAccount(
  db: Executor,
  userType: 'practicing' | 'non_practicing' | 'staff',
  username: string,
): Promise<LoginAccount | null> {
  if (userType === 'staff') {
    const [row] = await db.select().from(staff).where(eq(staff.username, username));
    return row ? { table: 'staff', ...row } : null;
  }
  const [row] = await db.select().from(members).where(eq(members.username, username));
  if (!row || row.memberType !== userType) return null;
  return { table: 'members', ...row };
}

/**
 * Counts a failure and locks the account once the threshold is reached, in one statement so that
 * concurrent failures can never skip the lock (AUTH-2).
 */
export async function registerLoginFailure(
  db: Executor,
  table: AccountTable,
  id: number,
  threshold: number,
  lockUntil: Date,
): Promise<{ failedLogins: number; locked: boolean }> {
  const t = sql.identifier(table);
  const r = await db.execute<{ failed_logins: number; locked: boolean }>(sql`
    UPDATE ${t}
       SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= ${threshold} THEN ${lockUntil.toISOString()}::timestamptz
                               ELSE locked_until END
     WHERE id = ${id}
     RETURNING failed_logins, (locked_until IS NOT NULL AND failed_logins >= ${threshold}) AS locked`);
  const row = r.rows[0];
  return { failedLogins: row?.failed_logins ?? 0, locked: row?.locked ?? false };
}

export async function registerLoginSuccess(db: Executor, table: AccountTable, id: number, newHash?: string) {
  const t = sql.identifier(table);
  await db.execute(sql`
    UPDATE ${t} SET failed_logins = 0, locked_until = NULL
      ${newHash ? sql`, password_hash = ${newHash}` : sql``}
     WHERE id = ${id}`);
}
