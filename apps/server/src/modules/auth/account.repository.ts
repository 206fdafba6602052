import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { members, staff } from '../../db/schema/index.ts';

export type AccountTable = 'members' | 'staff';

export interface LoginAccount {
  table: AccountTable;
  id: number;
  username: string;
  name: string;
  /** null: an imported member who has not set a password yet (refused as invalid credentials) */
  passwordHash: string | null;
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

export async function updatePasswordHash(db: Executor, table: AccountTable, id: number, hash: string) {
  await db.execute(sql`UPDATE ${sql.identifier(table)} SET password_hash = ${hash} WHERE id = ${id}`);
}
