import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { members, recoveryRequests, sessions } from '../../db/schema/index.ts';

export type RecoveryRequest = typeof recoveryRequests.$inferSelect;

export async function insertRecovery(
  db: Executor,
  r: Pick<RecoveryRequest, 'id' | 'memberId' | 'purpose' | 'phone' | 'createdAt' | 'expiresAt' | 'ip'>,
) {
  await db.delete(recoveryRequests).where(lt(recoveryRequests.expiresAt, r.createdAt));
  await db.insert(recoveryRequests).values(r);
}

export async function findRecovery(db: Executor, id: string): Promise<RecoveryRequest | null> {
  const [row] = await db.select().from(recoveryRequests).where(eq(recoveryRequests.id, id));
  return row ?? null;
}

/** The request with its row locked: code checks and sends of one request happen one at a time. */
export async function lockRecovery(db: Executor, id: string): Promise<RecoveryRequest | null> {
  const [row] = await db.select().from(recoveryRequests).where(eq(recoveryRequests.id, id)).for('update');
  return row ?? null;
}

/** A new code replaces the previous one (and its wrong entries). */
export async function storeCode(db: Executor, id: string, codeHash: string, expiresAt: Date) {
  await db
    .update(recoveryRequests)
    .set({
      codeHash,
      codeExpiresAt: expiresAt,
      codeFailures: 0,
      codesSent: sql`${recoveryRequests.codesSent} + 1`,
    })
    .where(eq(recoveryRequests.id, id));
}

/** One wrong entry; at `killAt` wrong entries the code is gone. */
export async function recordCodeFailure(db: Executor, id: string, killAt: number) {
  await db
    .update(recoveryRequests)
    .set({
      codeFailures: sql`${recoveryRequests.codeFailures} + 1`,
      codeHash: sql`CASE WHEN ${recoveryRequests.codeFailures} + 1 >= ${killAt} THEN NULL ELSE ${recoveryRequests.codeHash} END`,
    })
    .where(eq(recoveryRequests.id, id));
}

/** The code is used and the request is over. */
export async function completeRecovery(db: Executor, id: string, now: Date) {
  await db
    .update(recoveryRequests)
    .set({ codeHash: null, completedAt: now })
    .where(and(eq(recoveryRequests.id, id)));
}

export interface RecoveryMember {
  id: number;
  username: string;
  name: string;
  mobile: string;
  /** null for an imported member who has not yet set a password */
  passwordHash: string | null;
  disabled: boolean;
}

export async function findMemberById(db: Executor, id: number): Promise<RecoveryMember | null> {
  const [row] = await db
    .select({
      id: members.id,
      username: members.username,
      name: members.name,
      mobile: members.mobile,
      passwordHash: members.passwordHash,
      disabled: members.disabled,
    })
    .from(members)
    .where(eq(members.id, id));
  return row ?? null;
}

export async function updateMemberMobile(db: Executor, id: number, mobile: string) {
  await db.update(members).set({ mobile }).where(eq(members.id, id));
}

/** Every session of the member except `keepTokenHash` (the one making the change), or all of them. */
export async function endMemberSessions(db: Executor, memberId: number, keepTokenHash: string | null) {
  const own = and(eq(sessions.subjectType, 'member'), eq(sessions.subjectId, memberId));
  await db
    .delete(sessions)
    .where(keepTokenHash ? and(own, sql`${sessions.tokenHash} <> ${keepTokenHash}`) : own);
}
