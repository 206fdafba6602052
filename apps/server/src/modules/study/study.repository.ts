import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { Interval } from './progress-merge.ts';
import type { WatchClock } from './watch-budget.ts';

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
    completedAt: Date | null;
  } | null;
  /** the member's watch clock, shared by all lessons; `version` 0 when the member has none yet */
  watchClock: WatchClock & { version: number };
  evaluation: {
    rating: number;
    comment: string | null;
    answers: Record<string, string> | null;
    /** the questions the answers were given to, as they were then */
    questions: unknown;
    createdAt: Date;
  } | null;
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
    completedAt: date(r.completed_at),
  };
}

const epoch = (v: unknown) => date(v)?.getTime() ?? null;

export function watchClockOf(r: Row): LessonContext['watchClock'] {
  return {
    viewingId: r.viewing_id === null || r.viewing_id === undefined ? null : String(r.viewing_id),
    lastCreditAt: epoch(r.last_credit_at),
    bankMs: Number(r.bank_ms ?? 0),
    windowAt: epoch(r.window_at),
    windowCount: Number(r.window_count ?? 0),
    version: Number(r.clock_version ?? 0),
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

/** Inserts the evaluation unless one exists (the unique key settles duplicates racing). */
export async function insertEvaluation(
  db: Executor,
  e: {
    memberId: number;
    lessonId: number;
    rating: number;
    comment: string | null;
    answers: Record<string, string> | null;
    /** the questions asked, kept with the answers; null when none were asked */
    questions: unknown[] | null;
    createdAt: Date;
  },
): Promise<boolean> {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const { rows } = await db.execute(sql`
    INSERT INTO lesson_evaluations (member_id, lesson_id, rating, comment, answers, questions, created_at)
    VALUES (${e.memberId}, ${e.lessonId}, ${e.rating}, ${e.comment}, ${json(e.answers)}::jsonb,
      ${json(e.questions)}::jsonb, ${e.createdAt.toISOString()}::timestamptz)
    ON CONFLICT (member_id, lesson_id) DO NOTHING
    RETURNING id`);
  return rows.length === 1;
}
