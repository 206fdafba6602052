import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export interface CatalogueRow {
  courseId: number;
  title: string;
  teacher: string;
  kind: 'required' | 'elective';
  ethics: boolean;
  description: string;
  lessonId: number | null;
  lessonTitle: string | null;
  durationSeconds: number;
  creditHundredths: number;
  videoFile: string | null;
  completed: boolean;
  evaluated: boolean;
  watchedSeconds: number;
  positionSeconds: number;
  furthestSeconds: number;
}

type Row = Record<string, unknown>;

/** A year's courses of an institute with every lesson and the member's progress, in one query. */
export async function catalogue(
  db: Executor,
  memberId: number,
  instituteId: number,
  year: number,
  courseId?: number,
): Promise<CatalogueRow[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT c.id AS course_id, c.title, c.teacher, c.kind, c.ethics, c.description,
           l.id AS lesson_id, l.title AS lesson_title, l.duration_seconds, l.credit_hundredths, l.video_file,
           p.completed_at IS NOT NULL AS completed, e.id IS NOT NULL AS evaluated,
           p.watched_seconds, p.position_seconds, p.furthest_seconds
    FROM courses c
    LEFT JOIN lessons l ON l.course_id = c.id
    LEFT JOIN lesson_progress p ON p.member_id = ${memberId} AND p.lesson_id = l.id
    LEFT JOIN lesson_evaluations e ON e.member_id = ${memberId} AND e.lesson_id = l.id
    WHERE c.institute_id = ${instituteId} AND c.year = ${year} AND c.status = 'published'
      ${courseId === undefined ? sql`` : sql`AND c.id = ${courseId}`}
    ORDER BY c.sort, c.id, l.sort, l.id`);
  return rows.map((r) => ({
    courseId: Number(r.course_id),
    title: String(r.title),
    teacher: String(r.teacher),
    kind: r.kind as 'required' | 'elective',
    ethics: Boolean(r.ethics),
    description: String(r.description),
    lessonId: r.lesson_id === null ? null : Number(r.lesson_id),
    lessonTitle: r.lesson_title === null ? null : String(r.lesson_title),
    durationSeconds: Number(r.duration_seconds ?? 0),
    creditHundredths: Number(r.credit_hundredths ?? 0),
    videoFile: r.video_file === null ? null : String(r.video_file),
    completed: Boolean(r.completed),
    evaluated: Boolean(r.evaluated),
    watchedSeconds: Number(r.watched_seconds ?? 0),
    positionSeconds: Number(r.position_seconds ?? 0),
    furthestSeconds: Number(r.furthest_seconds ?? 0),
  }));
}

export async function courseYear(db: Executor, courseId: number): Promise<number | undefined> {
  const { rows } = await db.execute<{ year: number }>(
    sql`SELECT year FROM courses WHERE id = ${courseId} AND status = 'published'`,
  );
  return rows[0] ? Number(rows[0].year) : undefined;
}
