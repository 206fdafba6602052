import type { StaffRole } from '@cpe/shared';
import { eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { institutes, provinces, staff } from '../../db/schema/index.ts';

export interface NewStaff {
  username: string;
  name: string;
  role: StaffRole;
  provinceCode: string | null;
  instituteId: number | null;
  passwordHash: string;
}

/** Inserts a staff account; null when the user name is taken. */
export async function insertStaff(db: Executor, s: NewStaff): Promise<number | null> {
  const rows = await db.insert(staff).values(s).onConflictDoNothing().returning({ id: staff.id });
  return rows[0]?.id ?? null;
}

/** Marks a staff account disabled; its id, or null when there is no such account. */
export async function disableStaff(db: Executor, username: string): Promise<number | null> {
  const rows = await db
    .update(staff)
    .set({ disabled: true })
    .where(eq(staff.username, username))
    .returning({ id: staff.id });
  return rows[0]?.id ?? null;
}

export async function findProvince(db: Executor, codeOrName: string) {
  const [row] = await db
    .select()
    .from(provinces)
    .where(or(eq(provinces.code, codeOrName), eq(provinces.name, codeOrName)));
  return row ?? null;
}

export async function findInstitute(db: Executor, idOrCode: string) {
  const id = /^\d+$/.test(idOrCode) ? Number(idOrCode) : -1;
  const [row] = await db
    .select({ id: institutes.id, code: institutes.code, name: institutes.name })
    .from(institutes)
    .where(or(eq(institutes.id, id), sql`lower(${institutes.code}) = lower(${idOrCode})`));
  return row ?? null;
}
