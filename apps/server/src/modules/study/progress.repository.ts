import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral, type Database, type Param, type PreparedStatement, type Tx } from '../../db/client.ts';
import {
  type LoadedSession,
  SESSION_FROM,
  SESSION_SELECT,
  SESSION_WHERE,
  sessionOf,
} from '../auth/session.repository.ts';
import type { Interval } from './progress-merge.ts';
import {
  type LessonContext,
  type LessonInfo,
  lessonInfoOf,
  progressOf,
  watchClockOf,
} from './study.repository.ts';
import type { WatchClock } from './watch-budget.ts';

// The statements of a progress report, the busiest request of the system, and the lesson reads built
// from them. They are prepared so the database plans them once per connection, not on every heartbeat.

/** Runs one of the statements below: prepared on the pool, or inside a transaction. */
export type Run = <R extends Record<string, unknown>>(
  stmt: PreparedStatement,
  params: Param[],
) => Promise<R[]>;

export const pooled =
  (database: Database): Run =>
  (stmt, params) =>
    database.prepared(stmt, params);

/** The same statement text inside a transaction: each $n becomes a bound parameter cast to its type. */
export const inTransaction =
  (tx: Tx): Run =>
  async <R extends Record<string, unknown>>(stmt: PreparedStatement, params: Param[]) => {
    const pieces = stmt.text.split(/\$(\d+)/);
    const query: SQL = sql.empty();
    pieces.forEach((piece, i) => {
      if (i % 2 === 0) {
        query.append(sql.raw(piece));
        return;
      }
      const n = Number(piece) - 1;
      const value = params[n];
      query.append(sql`${value instanceof Date ? value.toISOString() : value}::${sql.raw(stmt.types[n]!)}`);
    });
    return (await tx.execute(query)).rows as R[];
  };

const LESSON_INFO: PreparedStatement = {
  name: 'cpe_lesson_info',
  types: ['int'],
  text: `
    SELECT l.id, l.title, l.duration_seconds, l.credit_hundredths, l.video_file,
           c.id AS course_id, c.title AS course_title, c.teacher, c.kind, c.ethics, c.year, c.institute_id
      FROM lessons l JOIN courses c ON c.id = l.course_id
     WHERE l.id = $1 AND c.status <> 'draft'`,
};

/**
 * The member's side of a progress report, for the member id expression `member`: institute choice and
 * fee for the lesson's year $3, the progress row of lesson $2, the watch clock, and whether an elective
 * ($4: the lesson is elective) of institute $5 is still locked by unfinished required courses. The lock
 * is checked only before the elective's first accepted report (required courses never become
 * incomplete again), so a heartbeat on a started lesson reads the member's rows only.
 */
const memberState = (member: string) => `
    SELECT (SELECT institute_id FROM institute_choices WHERE member_id = ${member} AND year = $3) AS chosen_institute_id,
           EXISTS (SELECT 1 FROM fee_payments WHERE member_id = ${member} AND year = $3) AS paid,
           p.member_id AS has_progress, p.intervals, p.watched_seconds, p.furthest_seconds,
           p.position_seconds, p.completed_at,
           w.viewing_id, w.last_credit_at, w.bank_ms, w.window_at, w.window_count, w.version AS clock_version,
           CASE WHEN $4 AND p.member_id IS NULL THEN EXISTS (
             SELECT 1 FROM courses rc
             JOIN lessons rl ON rl.course_id = rc.id
             LEFT JOIN lesson_progress rp ON rp.lesson_id = rl.id AND rp.member_id = ${member}
             WHERE rc.institute_id = $5 AND rc.year = $3 AND rc.kind = 'required' AND rc.status = 'published'
               AND rp.completed_at IS NULL
           ) ELSE false END AS locked
      FROM (SELECT 1) AS one
      LEFT JOIN lesson_progress p ON p.member_id = ${member} AND p.lesson_id = $2
      LEFT JOIN member_watch_clocks w ON w.member_id = ${member}`;

const STATE_TYPES = ['int', 'int', 'boolean', 'int'];

const MEMBER_STATE: PreparedStatement = {
  name: 'cpe_member_lesson_state',
  types: ['int', ...STATE_TYPES],
  text: memberState('$1'),
};

/**
 * The whole read side of a progress report in one statement: the session of token hash $1 (checked by
 * auth.resolve as any other) and, when it is a member's, that member's state for the lesson.
 */
const SESSION_STATE: PreparedStatement = {
  name: 'cpe_session_lesson_state',
  types: ['text', ...STATE_TYPES],
  text: `${SESSION_SELECT}, ms.*${SESSION_FROM}
      LEFT JOIN LATERAL (${memberState('s.subject_id')}) ms ON s.subject_type = 'member'${SESSION_WHERE}`,
};

const stateParams = (info: LessonInfo): Param[] => [
  info.lessonId,
  info.year,
  info.kind === 'elective',
  info.instituteId,
];

const EVALUATION: PreparedStatement = {
  name: 'cpe_lesson_evaluation',
  types: ['int', 'int'],
  text: `SELECT rating, comment, answers, questions, created_at FROM lesson_evaluations
    WHERE member_id = $1 AND lesson_id = $2`,
};

/**
 * Takes the member's clock row for the rest of the transaction (creating it when missing), so the
 * reports of one member that collided once go one after another.
 */
const LOCK_CLOCK: PreparedStatement = {
  name: 'cpe_lock_watch_clock',
  types: ['int'],
  text: `
    INSERT INTO member_watch_clocks AS c (member_id) VALUES ($1)
    ON CONFLICT (member_id) DO UPDATE SET version = c.version
    RETURNING c.version`,
};

export async function lessonInfo(database: Database, lessonId: number): Promise<LessonInfo | undefined> {
  const [row] = await database.prepared(LESSON_INFO, [lessonId]);
  return row && lessonInfoOf(row);
}

/** The member's side of a progress report (memberState) for a lesson: one read. */
export async function progressContext(run: Run, memberId: number, info: LessonInfo): Promise<LessonContext> {
  const [row] = await run(MEMBER_STATE, [memberId, ...stateParams(info)]);
  return contextOf(row!, info);
}

function contextOf(row: Record<string, unknown>, info: LessonInfo): LessonContext {
  const chosen = row.chosen_institute_id;
  return {
    ...info,
    chosenInstituteId: chosen === null || chosen === undefined ? null : Number(chosen),
    paid: Boolean(row.paid),
    locked: Boolean(row.locked),
    progress: progressOf(row),
    watchClock: watchClockOf(row),
    evaluation: null,
  };
}

/** The member's lesson state read together with the session (SESSION_STATE), for that session's member. */
export interface SessionLessonState {
  memberId: number;
  context: LessonContext;
}

/**
 * The session of a token hash and, when it is a member's, the member's state for the lesson: one
 * prepared statement for the whole read side of a progress report.
 */
export async function sessionLessonState(
  database: Database,
  tokenHash: string,
  info: LessonInfo,
): Promise<{ session: LoadedSession | null; state: SessionLessonState | null }> {
  const [row] = await database.prepared(SESSION_STATE, [tokenHash, ...stateParams(info)]);
  const session = sessionOf(row, tokenHash);
  if (!row || session?.principal.kind !== 'member') return { session, state: null };
  return { session, state: { memberId: session.principal.id, context: contextOf(row, info) } };
}

/**
 * The player page and evaluation: the lesson, the member's state (as a progress report sees it) and
 * the member's evaluation. Not a hot path, so it reuses the heartbeat's reads rather than its own join.
 */
export async function lessonContext(
  database: Database,
  memberId: number,
  lessonId: number,
): Promise<LessonContext | undefined> {
  const info = await lessonInfo(database, lessonId);
  if (!info) return undefined;
  const [ctx, evaluation] = await Promise.all([
    progressContext(pooled(database), memberId, info),
    database.prepared<{
      rating: number;
      comment: string | null;
      answers: Record<string, string> | null;
      questions: unknown;
      created_at: Date | string;
    }>(EVALUATION, [memberId, lessonId]),
  ]);
  const e = evaluation[0];
  return {
    ...ctx,
    evaluation: e
      ? {
          rating: Number(e.rating),
          comment: e.comment,
          answers: e.answers,
          questions: e.questions ?? [],
          createdAt: new Date(e.created_at),
        }
      : null,
  };
}

export interface ProgressWrite {
  memberId: number;
  lessonId: number;
  intervals: Interval[];
  watchedSeconds: number;
  furthestSeconds: number;
  positionSeconds: number;
  reportedAt: Date;
  completedAt: Date | null;
  clock: WatchClock;
  /** the clock's version as read (0 = none yet) */
  clockVersion: number;
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms));
const saveParams = (w: ProgressWrite): Param[] => [
  w.memberId,
  w.lessonId,
  JSON.stringify(w.intervals),
  w.watchedSeconds,
  w.furthestSeconds,
  w.positionSeconds,
  w.reportedAt,
  w.completedAt,
  w.clock.viewingId,
  at(w.clock.lastCreditAt),
  w.clock.bankMs,
  at(w.clock.windowAt),
  w.clock.windowCount,
  w.clockVersion + 1,
];

/** Writes one report (SAVE_REPORTS); false when another report of the member wrote first. */
export async function saveReport(run: Run, w: ProgressWrite): Promise<boolean> {
  const rows = await run(SAVE_REPORTS, batchParams([w]));
  return rows.length === 1;
}

/** The columns of a report's write, in the order of `saveParams`. */
const SAVE_TYPES = [
  'int',
  'int',
  'jsonb',
  'int',
  'float8',
  'float8',
  'timestamptz',
  'timestamptz',
  'text',
  'timestamptz',
  'int',
  'timestamptz',
  'int',
  'int',
];

/**
 * The durable write of progress reports, one statement (one round trip, one commit) for one report or a
 * whole group: each parameter is an array, one element per report, at most one report per member (ON
 * CONFLICT cannot update a row twice in one statement). A member's clock is written only if nobody wrote
 * it since its version was read (the new version is that plus one; 0 = no clock yet), and the lesson's
 * progress only together with it; `completed_at` is kept once set. The members whose report was written
 * come back: a member missing lost to another report, which reads again and retries. Rows go in member
 * order, so concurrent statements lock in one order.
 */
const SAVE_REPORTS: PreparedStatement = {
  name: 'cpe_save_reports',
  types: SAVE_TYPES.map((t) => `${t}[]`),
  text: `
    WITH input AS (
      SELECT * FROM unnest(${SAVE_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
        AS i(member_id, lesson_id, intervals, watched_seconds, furthest_seconds, position_seconds,
             reported_at, completed_at, viewing_id, last_credit_at, bank_ms, window_at, window_count,
             new_version)
    ),
    clock AS (
      INSERT INTO member_watch_clocks AS c (member_id, viewing_id, last_credit_at, bank_ms, window_at,
        window_count, version)
      SELECT member_id, viewing_id, last_credit_at, bank_ms, window_at, window_count, new_version
        FROM input ORDER BY member_id
      ON CONFLICT (member_id) DO UPDATE SET
        viewing_id = EXCLUDED.viewing_id, last_credit_at = EXCLUDED.last_credit_at,
        bank_ms = EXCLUDED.bank_ms, window_at = EXCLUDED.window_at, window_count = EXCLUDED.window_count,
        version = EXCLUDED.version
      WHERE c.version = EXCLUDED.version - 1
      RETURNING c.member_id
    )
    INSERT INTO lesson_progress AS p (member_id, lesson_id, intervals, watched_seconds, furthest_seconds,
      position_seconds, last_report_at, first_report_at, completed_at, version)
    SELECT i.member_id, i.lesson_id, i.intervals, i.watched_seconds, i.furthest_seconds,
           i.position_seconds, i.reported_at, i.reported_at, i.completed_at, 1
      FROM input i JOIN clock USING (member_id) ORDER BY i.member_id
    ON CONFLICT (member_id, lesson_id) DO UPDATE SET
      intervals = EXCLUDED.intervals, watched_seconds = EXCLUDED.watched_seconds,
      furthest_seconds = EXCLUDED.furthest_seconds, position_seconds = EXCLUDED.position_seconds,
      last_report_at = EXCLUDED.last_report_at,
      first_report_at = COALESCE(p.first_report_at, EXCLUDED.first_report_at),
      completed_at = COALESCE(p.completed_at, EXCLUDED.completed_at), version = p.version + 1
    RETURNING p.member_id`,
};

/** The parameters of SAVE_REPORTS: each column of `saveParams` as an array over the writes. */
const batchParams = (writes: ProgressWrite[]): Param[] => {
  const rows = writes.map(saveParams);
  return SAVE_TYPES.map((_, column) => arrayLiteral(rows.map((row) => row[column]!)));
};

interface Pending {
  write: ProgressWrite;
  resolve: (saved: boolean) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit of progress reports: the reports that arrive while earlier ones commit are written
 * together, up to `maxBatch` in one statement (one round trip, one commit and one WAL flush for all of
 * them), with at most `inFlight` such statements at once. Each report is answered only after its
 * statement committed (the promise resolves then), with false when another report of the member wrote
 * first, exactly as `saveReport`; a member's second report in one batch is such a loser at once. Should a
 * batch fail as a whole (a deadlock, a lost connection, one report the database refuses), each of its
 * reports is written alone, so one report never fails another.
 */
export function groupCommitter(database: Database, opts: { maxBatch: number; inFlight: number }) {
  const queue: Pending[] = [];
  let running = 0;

  async function write(batch: Pending[]) {
    const first = new Map<number, Pending>();
    for (const p of batch) if (!first.has(p.write.memberId)) first.set(p.write.memberId, p);
    const writes = [...first.values()].sort((a, b) => a.write.memberId - b.write.memberId);
    try {
      const rows = await database.prepared<{ member_id: number }>(
        SAVE_REPORTS,
        batchParams(writes.map((p) => p.write)),
      );
      const saved = new Set(rows.map((r) => Number(r.member_id)));
      for (const p of batch) p.resolve(first.get(p.write.memberId) === p && saved.has(p.write.memberId));
    } catch {
      await Promise.all(batch.map((p) => saveReport(pooled(database), p.write).then(p.resolve, p.reject)));
    }
  }

  async function drain() {
    running++;
    try {
      while (queue.length > 0) await write(queue.splice(0, opts.maxBatch));
    } finally {
      running--;
    }
  }

  return (write: ProgressWrite): Promise<boolean> =>
    new Promise((resolve, reject) => {
      queue.push({ write, resolve, reject });
      if (running < opts.inFlight) void drain();
    });
}

/** Runs `fn` in a transaction that holds the member's clock row. */
export function withLockedClock<T>(database: Database, memberId: number, fn: (run: Run) => Promise<T>) {
  return database.db.transaction(async (tx) => {
    const run = inTransaction(tx);
    await run(LOCK_CLOCK, [memberId]);
    return fn(run);
  });
}
