import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { Interval } from './progress-merge.ts';

/** The catalogue facts of a lesson: the same for every member, and rarely changed. */
export interface LessonInfo {
  lessonId: number;
  title: string;
  durationSeconds: number;
  creditHundredths: number;
  videoFile: string;
  courseId: number;
  courseTitle: string;
  teacher: string;
  kind: 'required' | 'elective';
  ethics: boolean;
  year: number;
  instituteId: number;
}

/** Everything a progress report, an evaluation or the player page needs, in one read. */
export interface LessonContext extends LessonInfo {
  chosenInstituteId: number | null;
  paid: boolean;
  locked: boolean;
  progress: {
    intervals: Interval[];
    watchedSeconds: number;
    furthestSeconds: number;
    positionSeconds: number;
    slackSeconds: number;
    lastReportAt: Date | null;
    completedAt: Date | null;
    version: number;
  } | null;
  evaluation: { rating: number; comment: string | null; createdAt: Date } | null;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));

export function progressOf(r: Row): LessonContext['progress'] {
  if (r.has_progress === null || r.has_progress === undefined) return null;
  return {
    intervals: r.intervals as Interval[],
    watchedSeconds: Number(r.watched_seconds),
    furthestSeconds: Number(r.furthest_seconds),
    positionSeconds: Number(r.position_seconds),
    slackSeconds: Number(r.slack_seconds),
    lastReportAt: date(r.last_report_at),
    completedAt: date(r.completed_at),
    version: Number(r.version),
  };
}

export function lessonInfoOf(r: Row): LessonInfo {
  return {
    lessonId: Number(r.id),
    title: String(r.title),
    durationSeconds: Number(r.duration_seconds),
    creditHundredths: Number(r.credit_hundredths),
    videoFile: String(r.video_file),
    courseId: Number(r.course_id),
    courseTitle: String(r.course_title),
    teacher: String(r.teacher),
    kind: r.kind as 'required' | 'elective',
    ethics: Boolean(r.ethics),
    year: Number(r.year),
    instituteId: Number(r.institute_id),
  };
}

/**
 * One statement: the lesson and its course, the member's institute choice for the course's year, the
 * fee, the elective lock and the member's progress and evaluation. The lock is computed only for an
 * elective the member has not started (required courses never become incomplete again).
 */
export async function lessonContext(
  db: Executor,
  memberId: number,
  lessonId: number,
): Promise<LessonContext | undefined> {
  const { rows } = await db.execute<Row>(sql`
    SELECT l.id, l.title, l.duration_seconds, l.credit_hundredths, l.video_file,
           c.id AS course_id, c.title AS course_title, c.teacher, c.kind, c.ethics, c.year, c.institute_id,
           ic.institute_id AS chosen_institute_id,
           EXISTS (SELECT 1 FROM fee_payments f WHERE f.member_id = ${memberId} AND f.year = c.year) AS paid,
           (c.kind = 'elective' AND p.member_id IS NULL AND EXISTS (
              SELECT 1 FROM courses rc
              JOIN lessons rl ON rl.course_id = rc.id
              LEFT JOIN lesson_progress rp ON rp.lesson_id = rl.id AND rp.member_id = ${memberId}
              WHERE rc.institute_id = c.institute_id AND rc.year = c.year AND rc.kind = 'required'
                AND rp.completed_at IS NULL)) AS locked,
           p.member_id AS has_progress, p.intervals, p.watched_seconds, p.furthest_seconds,
           p.position_seconds, p.slack_seconds, p.last_report_at, p.completed_at, p.version,
           e.rating, e.comment, e.created_at AS evaluated_at
    FROM lessons l
    JOIN courses c ON c.id = l.course_id
    LEFT JOIN institute_choices ic ON ic.member_id = ${memberId} AND ic.year = c.year
    LEFT JOIN lesson_progress p ON p.member_id = ${memberId} AND p.lesson_id = l.id
    LEFT JOIN lesson_evaluations e ON e.member_id = ${memberId} AND e.lesson_id = l.id
    WHERE l.id = ${lessonId}`);
  const r = rows[0];
  if (!r) return undefined;
  return {
    ...lessonInfoOf(r),
    chosenInstituteId: r.chosen_institute_id === null ? null : Number(r.chosen_institute_id),
    paid: Boolean(r.paid),
    locked: Boolean(r.locked),
    progress: progressOf(r),
    evaluation:
      r.rating === null
        ? null
        : { rating: Number(r.rating), comment: r.comment as string | null, createdAt: date(r.evaluated_at)! },
  };
}

export async function findQuestions(db: Executor, instituteId: number): Promise<unknown> {
  const { rows } = await db.execute<{ questions: unknown }>(
    sql`SELECT questions FROM institute_questionnaires WHERE institute_id = ${instituteId}`,
  );
  return rows[0]?.questions ?? [];
}

/** Inserts the evaluation unless one exists (the unique key settles duplicates racing). */
export async function insertEvaluation(
  db: Executor,
  e: {
    memberId: number;
    lessonId: number;
    rating: number;
    comment: string | null;
    answers: Record<string, string> | null;
    createdAt: Date;
  },
): Promise<boolean> {
  const { rows } = await db.execute(sql`
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, comment, answers, created_at)
    VALUES (${e.memberId}, ${e.lessonId}, ${e.rating}, ${e.comment},
      ${e.answers === null ? null : JSON.stringify(e.answers)}::jsonb, ${e.createdAt.toISOString()}::timestamptz)
    ON CONFLICT (member_id, lesson_id) DO NOTHING
    RETURNING id`);
  return rows.length === 1;
}
