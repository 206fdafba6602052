import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

export async function memberFacts(db: Executor, memberId: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT member_type, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, province_code
    FROM members WHERE id = ${memberId}`);
  const r = rows[0];
  if (!r) return undefined;
  return {
    type: r.member_type as 'practicing' | 'non_practicing',
    registeredOn: String(r.registered_on),
    province: String(r.province_code),
  };
}

/** Lessons of the year watched to the end but not evaluated: they give no hours until evaluated. */
export async function unevaluatedLessons(db: Executor, memberId: number, year: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT l.id, c.title AS course_title, l.title AS lesson_title, l.credit_hundredths
    FROM lesson_progress p
    JOIN lessons l ON l.id = p.lesson_id
    JOIN courses c ON c.id = l.course_id
    LEFT JOIN lesson_evaluations e ON e.member_id = p.member_id AND e.lesson_id = p.lesson_id
    WHERE p.member_id = ${memberId} AND p.completed_at IS NOT NULL AND e.id IS NULL AND c.year = ${year}
    ORDER BY c.sort, c.id, l.sort, l.id`);
  return rows.map((r) => ({
    lessonId: Number(r.id),
    course: String(r.course_title),
    lesson: String(r.lesson_title),
    creditHours: Number(r.credit_hundredths) / 100,
  }));
}
