import type { Database, PreparedStatement } from '../../db/client.ts';
import type { AccountTable, LoginAccount } from './account.repository.ts';
import type { FailureState, UserKind } from './login-failures.repository.ts';

/**
 * The login's database work as two prepared statements: one read before the password is verified and
 * one write after it succeeds. A login spends argon2's time on the same cores, so every round trip and
 * every plan it avoids is time argon2 gets back.
 */

export interface LoginRead {
  /** The failure count and lock of the name (null: no failures counted). */
  failures: FailureState | null;
  /** The account of that name (null: none, or a member of the other type). */
  account: LoginAccount | null;
}

interface LoginReadRow extends Record<string, unknown> {
  failures: number | null;
  locked: boolean | null;
  id: number | null;
  name: string | null;
  username: string | null;
  password_hash: string | null;
  disabled: boolean | null;
  member_type: string | null;
}

// One row always: the failures of ($1, $2) and the account named $3, each left-joined so that neither
// needs to exist. The account columns are those findLoginAccount reads.
const readText = (accounts: string, memberType: string) => `
    SELECT f.failures, f.locked, a.id, a.name, a.username, a.password_hash, a.disabled,
           ${memberType} AS member_type
      FROM (SELECT 1) one
      LEFT JOIN login_failures f ON f.user_kind = $1 AND f.username = $2
      LEFT JOIN ${accounts} a ON a.username = $3`;

const READ_MEMBER: PreparedStatement = {
  name: 'cpe_login_read_member',
  types: ['text', 'text', 'text'],
  text: readText('members', 'a.member_type'),
};
const READ_STAFF: PreparedStatement = {
  name: 'cpe_login_read_staff',
  types: ['text', 'text', 'text'],
  text: readText('staff', 'NULL::text'),
};

/** The failures of the name (kind, failureName) and the account `username` of `userType`, in one read. */
export async function readLogin(
  database: Database,
  userType: 'practicing' | 'non_practicing' | 'staff',
  kind: UserKind,
  failureName: string,
  username: string,
): Promise<LoginRead> {
  const table: AccountTable = userType === 'staff' ? 'staff' : 'members';
  const [r] = await database.prepared<LoginReadRow>(table === 'staff' ? READ_STAFF : READ_MEMBER, [
    kind,
    failureName,
    username,
  ]);
  const failures =
    r && r.failures !== null ? { failures: Number(r.failures), locked: r.locked === true } : null;
  const found = r && r.id !== null && (table === 'staff' || r.member_type === userType);
  const account: LoginAccount | null = found
    ? {
        table,
        id: Number(r.id),
        username: String(r.username),
        name: String(r.name),
        passwordHash: r.password_hash,
        disabled: r.disabled === true,
      }
    : null;
  return { failures, account };
}

export interface LoginSuccess {
  /** The name whose failures are forgotten. */
  kind: UserKind;
  failureName: string;
  /** The token hash of the session the browser came with: it ends (session fixation). */
  previousTokenHash: string | null;
  tokenHash: string;
  subjectType: 'member' | 'staff';
  subjectId: number;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  /** The audit row's actor name and target: the account's name and the user name typed. */
  actorName: string;
  target: string;
  /** A new hash when the stored one was made with other parameters (AUTH-1), else null. */
  newHash: string | null;
}

/*
 * Everything a successful login writes, as one statement: its data-modifying CTEs run in the statement's
 * one implicit transaction, so either all of them take effect or none does, as with an explicit
 * transaction, for one round trip and no BEGIN/COMMIT. Each CTE runs whether or not the final SELECT
 * reads it; those whose condition is false (no previous session, no rehash) touch nothing.
 */
const SUCCESS: PreparedStatement = {
  name: 'cpe_login_success',
  types: [
    'text',
    'text',
    'text',
    'text',
    'text',
    'integer',
    'timestamptz',
    'timestamptz',
    'text',
    'text',
    'text',
    'text',
  ],
  text: `
    WITH cleared AS (
           DELETE FROM login_failures WHERE user_kind = $1 AND username = $2 RETURNING 1),
         ended AS (
           DELETE FROM sessions WHERE $3::text IS NOT NULL AND token_hash = $3 RETURNING 1),
         rehashed_member AS (
           UPDATE members SET password_hash = $12
            WHERE $12::text IS NOT NULL AND $5 = 'member' AND id = $6 RETURNING 1),
         rehashed_staff AS (
           UPDATE staff SET password_hash = $12
            WHERE $12::text IS NOT NULL AND $5 = 'staff' AND id = $6 RETURNING 1),
         opened AS (
           INSERT INTO sessions (token_hash, subject_type, subject_id, created_at, last_seen_at, expires_at, ip)
           VALUES ($4, $5, $6, $7, $7, $8, $9) RETURNING 1),
         audited AS (
           INSERT INTO audit_log (at, actor_type, actor_id, actor_name, action, target, result, ip, detail)
           VALUES ($7, $5, $6, $10, 'login', $11, 'success', $9, NULL) RETURNING 1)
    SELECT (SELECT count(*) FROM opened)::int AS opened`,
};

/** Clears the failures, ends the previous session, re-hashes if asked, opens the session and audits it. */
export async function recordLoginSuccess(database: Database, s: LoginSuccess): Promise<void> {
  await database.prepared(SUCCESS, [
    s.kind,
    s.failureName,
    s.previousTokenHash,
    s.tokenHash,
    s.subjectType,
    s.subjectId,
    s.now,
    s.expiresAt,
    s.ip,
    s.actorName,
    s.target,
    s.newHash,
  ]);
}
