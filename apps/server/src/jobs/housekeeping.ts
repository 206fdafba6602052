import { deleteAuditBefore } from '../modules/audit/audit.repository.ts';
import { deleteExpiredSessions } from '../modules/auth/session.repository.ts';
import type { JobDefinition } from './registry.ts';

const DAY_MS = 86_400_000;

export const sessionCleanup: JobDefinition = {
  name: 'session-cleanup',
  schedule: '30 3 * * *',
  description: 'delete sessions past their absolute limit',
  async run({ db, clock }) {
    const deleted = await deleteExpiredSessions(db, clock.now()).returning();
    return { deleted: deleted.length };
  },
};

/** LOG-1: audit rows are kept AUDIT_RETENTION_DAYS (at least 184) and then removed, oldest first. */
export const auditRetention: JobDefinition = {
  name: 'audit-retention',
  schedule: '45 3 * * *',
  description: 'remove audit rows older than the retention period',
  async run({ db, clock, config }) {
    const cutoff = new Date(clock.now().getTime() - config.AUDIT_RETENTION_DAYS * DAY_MS);
    const deleted = await deleteAuditBefore(db, cutoff);
    return { deleted, cutoff: cutoff.toISOString() };
  },
};
