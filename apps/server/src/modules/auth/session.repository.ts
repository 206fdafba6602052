import type { StaffRole } from '@cpe/shared';
import { and, eq, lt } from 'drizzle-orm';
import type { Database, Executor, PreparedStatement } from '../../db/client.ts';
import { sessions } from '../../db/schema/index.ts';
import type { Principal } from './principal.ts';

export const deleteSession = (db: Executor, tokenHash: string) =>
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));

export const deleteSubjectSessions = (db: Executor, subjectType: 'member' | 'staff', subjectId: number) =>
  db.delete(sessions).where(and(eq(sessions.subjectType, subjectType), eq(sessions.subjectId, subjectId)));

export const touchSession = (db: Executor, tokenHash: string, now: Date) =>
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));

export const deleteExpiredSessions = (db: Executor, now: Date) =>
  db.delete(sessions).where(lt(sessions.expiresAt, now));

interface SessionRow extends Record<string, unknown> {
  subject_type: 'member' | 'staff';
  subject_id: number;
  last_seen_at: Date | string;
  expires_at: Date | string;
  member_type: string | null;
  role: string | null;
  username: string;
  name: string;
  province_code: string | null;
  institute_id: number | null;
  disabled: boolean;
}

export interface LoadedSession {
  principal: Principal;
  lastSeenAt: Date;
  expiresAt: Date;
  disabled: boolean;
}

/**
 * The session of token hash $1 with its subject joined: the columns and FROM of `cpe_load_session`, for
 * statements that read the session together with more of the subject's data (the progress report).
 */
export const SESSION_SELECT = `
    SELECT s.subject_type, s.subject_id, s.last_seen_at, s.expires_at,
           m.member_type, st.role,
           COALESCE(m.username, st.username) AS username, COALESCE(m.name, st.name) AS name,
           COALESCE(m.province_code, st.province_code) AS province_code, st.institute_id,
           COALESCE(m.disabled, st.disabled, true) AS disabled`;
export const SESSION_FROM = `
      FROM sessions s
      LEFT JOIN members m ON s.subject_type = 'member' AND m.id = s.subject_id
      LEFT JOIN staff st ON s.subject_type = 'staff' AND st.id = s.subject_id`;
export const SESSION_WHERE = `
     WHERE s.token_hash = $1`;

const LOAD_SESSION: PreparedStatement = {
  name: 'cpe_load_session',
  types: ['text'],
  text: SESSION_SELECT + SESSION_FROM + SESSION_WHERE,
};

/**
 * One primary-key lookup with the subject joined, as a prepared statement: every authenticated request
 * pays only this.
 */
export async function loadSession(database: Database, tokenHash: string): Promise<LoadedSession | null> {
  const rows = await database.prepared<SessionRow>(LOAD_SESSION, [tokenHash]);
  return sessionOf(rows[0], tokenHash);
}

/** The session of a row read with SESSION_SELECT (null: no such session). */
export function sessionOf(row: Record<string, unknown> | undefined, tokenHash: string): LoadedSession | null {
  if (!row) return null;
  const r = row as SessionRow;
  const base = { sessionHash: tokenHash, id: r.subject_id, username: r.username, name: r.name };
  const principal: Principal =
    r.subject_type === 'member'
      ? {
          ...base,
          kind: 'member',
          memberType: r.member_type as 'practicing' | 'non_practicing',
          provinceCode: r.province_code ?? '',
        }
      : {
          ...base,
          kind: 'staff',
          role: r.role as StaffRole,
          provinceCode: r.province_code,
          instituteId: r.institute_id,
        };
  return {
    principal,
    lastSeenAt: new Date(r.last_seen_at),
    expiresAt: new Date(r.expires_at),
    disabled: r.disabled,
  };
}
