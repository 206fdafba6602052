import type { Database, PreparedStatement } from '../../db/client.ts';
import type { Interval } from './progress-merge.ts';
import { type LessonContext, type LessonInfo, lessonInfoOf, progressOf } from './study.repository.ts';

// The statements of a progress report, the busiest request of the system, and the lesson reads built
// from them. They are prepared so the database plans them once per connection, not on every heartbeat.

const LESSON_INFO: PreparedStatement = {
  name: 'cpe_lesson_info',
  types: ['int'],
  text: `
    SELECT l.id, l.title, l.duration_seconds, l.credit_hundredths, l.video_file,
           c.id AS course_id, c.title AS course_title, c.teacher, c.kind, c.ethics, c.year, c.institute_id
      FROM lessons l JOIN courses c ON c.id = l.course_id
     WHERE l.id = $1`,
};

const MEMBER_STATE: PreparedStatement = {
  name: 'cpe_member_lesson_state',
  types: ['int', 'int', 'int'],
  text: `
    SELECT (SELECT institute_id FROM institute_choices WHERE member_id = $1 AND year = $3) AS chosen_institute_id,
           EXISTS (SELECT 1 FROM fee_payments WHERE member_id = $1 AND year = $3) AS paid,
           p.member_id AS has_progress, p.intervals, p.watched_seconds, p.furthest_seconds,
           p.position_seconds, p.slack_seconds, p.last_report_at, p.completed_at, p.version
      FROM (SELECT 1) AS one
      LEFT JOIN lesson_progress p ON p.member_id = $1 AND p.lesson_id = $2`,
};

const REQUIRED_UNFINISHED: PreparedStatement = {
  name: 'cpe_required_unfinished',
  types: ['int', 'int', 'int'],
  text: `
    SELECT EXISTS (
      SELECT 1 FROM courses rc
      JOIN lessons rl ON rl.course_id = rc.id
      LEFT JOIN lesson_progress rp ON rp.lesson_id = rl.id AND rp.member_id = $1
      WHERE rc.institute_id = $2 AND rc.year = $3 AND rc.kind = 'required' AND rp.completed_at IS NULL
    ) AS unfinished`,
};

const EVALUATION: PreparedStatement = {
  name: 'cpe_lesson_evaluation',
  types: ['int', 'int'],
  text: 'SELECT rating, comment, created_at FROM lesson_evaluations WHERE member_id = $1 AND lesson_id = $2',
};

const SAVE_PROGRESS: PreparedStatement = {
  name: 'cpe_save_progress',
  types: ['int', 'int', 'jsonb', 'int', 'float8', 'float8', 'float8', 'timestamptz', 'timestamptz', 'int'],
  text: `
    INSERT INTO lesson_progress AS p (member_id, lesson_id, intervals, watched_seconds, furthest_seconds,
      position_seconds, slack_seconds, last_report_at, completed_at, version)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)
    ON CONFLICT (member_id, lesson_id) DO UPDATE SET
      intervals = EXCLUDED.intervals, watched_seconds = EXCLUDED.watched_seconds,
      furthest_seconds = EXCLUDED.furthest_seconds, position_seconds = EXCLUDED.position_seconds,
      slack_seconds = EXCLUDED.slack_seconds, last_report_at = EXCLUDED.last_report_at,
      completed_at = COALESCE(p.completed_at, EXCLUDED.completed_at), version = p.version + 1
    WHERE p.version = $10
    RETURNING 1 AS ok`,
};

export async function lessonInfo(database: Database, lessonId: number): Promise<LessonInfo | undefined> {
  const [row] = await database.prepared(LESSON_INFO, [lessonId]);
  return row && lessonInfoOf(row);
}

/**
 * The member's side of a progress report: institute choice and fee for the lesson's year, and the
 * progress row. Electives are checked for the lock only before their first accepted report (required
 * courses never become incomplete again), so a heartbeat on a started lesson costs this one read.
 */
export async function progressContext(
  database: Database,
  memberId: number,
  info: LessonInfo,
): Promise<LessonContext> {
  const [row] = await database.prepared(MEMBER_STATE, [memberId, info.lessonId, info.year]);
  const progress = progressOf(row!);
  let locked = false;
  if (info.kind === 'elective' && !progress) {
    const [r] = await database.prepared<{ unfinished: boolean }>(REQUIRED_UNFINISHED, [
      memberId,
      info.instituteId,
      info.year,
    ]);
    locked = r!.unfinished;
  }
  const chosen = row!.chosen_institute_id;
  return {
    ...info,
    chosenInstituteId: chosen === null || chosen === undefined ? null : Number(chosen),
    paid: Boolean(row!.paid),
    locked,
    progress,
    evaluation: null,
  };
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
    progressContext(database, memberId, info),
    database.prepared<{ rating: number; comment: string | null; created_at: Date | string }>(EVALUATION, [
      memberId,
      lessonId,
    ]),
  ]);
  const e = evaluation[0];
  return {
    ...ctx,
    evaluation: e
      ? { rating: Number(e.rating), comment: e.comment, createdAt: new Date(e.created_at) }
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
  slackSeconds: number;
  lastReportAt: Date;
  completedAt: Date | null;
}

/**
 * The one durable write of a progress report: inserts the row, or updates it only if nobody wrote
 * since `expectedVersion` was read (0 = no row yet). False means another tab won: read again and retry.
 * `completed_at` is kept once set.
 */
export async function saveProgress(database: Database, w: ProgressWrite, expectedVersion: number) {
  const rows = await database.prepared(SAVE_PROGRESS, [
    w.memberId,
    w.lessonId,
    JSON.stringify(w.intervals),
    w.watchedSeconds,
    w.furthestSeconds,
    w.positionSeconds,
    w.slackSeconds,
    w.lastReportAt,
    w.completedAt,
    expectedVersion,
  ]);
  return rows.length === 1;
}
