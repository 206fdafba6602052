import { lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

export interface AuditEntry {
  at: Date;
  actorType: 'member' | 'staff' | 'anonymous' | 'system';
  actorId?: number | null;
  actorName?: string | null;
  action: string;
  target?: string | null;
  result: 'success' | 'failure' | 'denied';
  ip?: string | null;
  /** Never passwords, codes, tokens, full ID or phone numbers (PI-2). */
  detail?: Record<string, unknown>;
}

/** Append-only (LOG-1): there is deliberately no update here; rows leave only by `deleteAuditBefore`. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: entry.at,
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    action: entry.action,
    target: entry.target ?? null,
    result: entry.result,
    ip: entry.ip ?? null,
    detail: entry.detail ?? null,
  });
}

/** The retention job's removal of rows older than `cutoff` (LOG-1); returns how many went. */
export async function deleteAuditBefore(db: Executor, cutoff: Date): Promise<number> {
  const deleted = await db.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id });
  return deleted.length;
}
