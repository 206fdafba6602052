import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface AdminCourseRow {
  id: number;
  year: number;
  title: string;
  teacher: string;
  kind: 'required' | 'elective';
  ethics: boolean;
  description: string;
  order: number;
  status: 'draft' | 'published' | 'retired';
  started: boolean;
}

export interface AdminLessonRow {
  id: number;
  courseId: number;
  title: string;
  creditHundredths: number;
  order: number;
  durationSeconds: number | null;
  videoFile: string | null;
}

const courseColumns = sql`c.id, c.year, c.title, c.teacher, c.kind, c.ethics, c.description, c.sort, c.status,
  EXISTS (SELECT 1 FROM lessons sl JOIN lesson_progress sp ON sp.lesson_id = sl.id WHERE sl.course_id = c.id)
    AS started`;

const toCourse = (r: Row): AdminCourseRow => ({
  id: Number(r.id),
  year: Number(r.year),
  title: String(r.title),
  teacher: String(r.teacher),
  kind: r.kind as 'required' | 'elective',
  ethics: Boolean(r.ethics),
  description: String(r.description),
  order: Number(r.sort),
  status: r.status as AdminCourseRow['status'],
  started: Boolean(r.started),
});

const toLesson = (r: Row): AdminLessonRow => ({
  id: Number(r.id),
  courseId: Number(r.course_id),
  title: String(r.title),
  creditHundredths: Number(r.credit_hundredths),
  order: Number(r.sort),
  durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
  videoFile: r.video_file === null ? null : String(r.video_file),
});

export async function institutesCourses(db: Executor, instituteId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT ${courseColumns} FROM courses c
    WHERE c.institute_id = ${instituteId} AND c.year = ${year} ORDER BY c.sort, c.id`);
  return rows.map(toCourse);
}

export async function lessonsOfCourses(db: Executor, courseIds: number[]): Promise<AdminLessonRow[]> {
  if (courseIds.length === 0) return [];
  const { rows } = await db.execute<Row>(sql`
    SELECT id, course_id, title, credit_hundredths, sort, duration_seconds, video_file FROM lessons
    WHERE course_id IN (${sql.join(
      courseIds.map((id) => sql`${id}`),
      sql`, `,
    )}) ORDER BY sort, id`);
  return rows.map(toLesson);
}

/** The institute's course, locked for the rest of the transaction when `lock` (FOR UPDATE). */
export async function findCourse(db: Executor, instituteId: number, courseId: number, lock = false) {
  const { rows } = await db.execute<Row>(sql`
    SELECT ${courseColumns} FROM courses c
    WHERE c.id = ${courseId} AND c.institute_id = ${instituteId}
    ${lock ? sql`FOR UPDATE OF c` : sql``}`);
  return rows[0] ? toCourse(rows[0]) : undefined;
}

/** The institute's lesson with its course id. */
export async function findLesson(db: Executor, instituteId: number, lessonId: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT l.id, l.course_id, l.title, l.credit_hundredths, l.sort, l.duration_seconds, l.video_file
    FROM lessons l JOIN courses c ON c.id = l.course_id
    WHERE l.id = ${lessonId} AND c.institute_id = ${instituteId}`);
  return rows[0] ? toLesson(rows[0]) : undefined;
}

export async function insertCourse(
  db: Executor,
  c: {
    instituteId: number;
    year: number;
    code: string;
    title: string;
    teacher: string;
    kind: string;
    ethics: boolean;
    description: string;
    order: number | undefined;
  },
): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO courses (institute_id, year, code, title, teacher, kind, ethics, description, sort, status)
    VALUES (${c.instituteId}, ${c.year}, ${c.code}, ${c.title}, ${c.teacher}, ${c.kind}, ${c.ethics},
      ${c.description},
      COALESCE(${c.order ?? null}::int,
        (SELECT COALESCE(max(sort), 0) + 1 FROM courses WHERE institute_id = ${c.instituteId} AND year = ${c.year})),
      'draft')
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function updateCourse(
  db: Executor,
  courseId: number,
  p: {
    title?: string;
    teacher?: string;
    kind?: string;
    ethics?: boolean;
    description?: string;
    order?: number;
    status?: string;
  },
) {
  await db.execute(sql`
    UPDATE courses SET
      title = COALESCE(${p.title ?? null}, title),
      teacher = COALESCE(${p.teacher ?? null}, teacher),
      kind = COALESCE(${p.kind ?? null}, kind),
      ethics = COALESCE(${p.ethics ?? null}::boolean, ethics),
      description = COALESCE(${p.description ?? null}, description),
      sort = COALESCE(${p.order ?? null}::int, sort),
      status = COALESCE(${p.status ?? null}, status)
    WHERE id = ${courseId}`);
}

export async function insertLesson(
  db: Executor,
  l: { courseId: number; title: string; creditHundredths: number; order: number | undefined },
): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO lessons (course_id, title, credit_hundredths, sort)
    VALUES (${l.courseId}, ${l.title}, ${l.creditHundredths},
      COALESCE(${l.order ?? null}::int, (SELECT COALESCE(max(sort), 0) + 1 FROM lessons WHERE course_id = ${l.courseId})))
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function updateLesson(
  db: Executor,
  lessonId: number,
  p: { title?: string; creditHundredths?: number; order?: number },
) {
  await db.execute(sql`
    UPDATE lessons SET
      title = COALESCE(${p.title ?? null}, title),
      credit_hundredths = COALESCE(${p.creditHundredths ?? null}::int, credit_hundredths),
      sort = COALESCE(${p.order ?? null}::int, sort)
    WHERE id = ${lessonId}`);
}

export async function deleteLesson(db: Executor, lessonId: number) {
  await db.execute(sql`DELETE FROM lessons WHERE id = ${lessonId}`);
}

/** Points the lesson at its new video; returns the file it pointed at before (null when none). */
export async function setLessonVideo(
  db: Executor,
  lessonId: number,
  videoFile: string,
  durationSeconds: number,
): Promise<string | null> {
  const { rows } = await db.execute<Row>(
    sql`SELECT video_file FROM lessons WHERE id = ${lessonId} FOR UPDATE`,
  );
  await db.execute(sql`
    UPDATE lessons SET video_file = ${videoFile}, duration_seconds = ${durationSeconds} WHERE id = ${lessonId}`);
  const old = rows[0]?.video_file;
  return old === null || old === undefined ? null : String(old);
}

/**
 * Whether any lesson still points at a video file (a copied catalogue shares its source's files). A
 * catalogue copy running at the same time holds its source lessons FOR SHARE, so it either finishes
 * first and is seen here, or waits and copies the new file.
 */
export async function videoFileInUse(db: Executor, videoFile: string): Promise<boolean> {
  const { rows } = await db.execute(sql`SELECT 1 FROM lessons WHERE video_file = ${videoFile} LIMIT 1`);
  return rows.length > 0;
}

/** Copies a year's catalogue (courses as drafts, lessons with their videos); courses already copied are kept. */
export async function copyCatalogue(db: Executor, instituteId: number, fromYear: number, toYear: number) {
  const { rows: courseRows } = await db.execute<Row>(sql`
    INSERT INTO courses (institute_id, year, code, title, teacher, kind, ethics, description, sort, status)
    SELECT institute_id, ${toYear}, code, title, teacher, kind, ethics, description, sort, 'draft'
    FROM courses WHERE institute_id = ${instituteId} AND year = ${fromYear} AND status <> 'retired'
    ON CONFLICT (institute_id, year, code) DO NOTHING
    RETURNING id, code`);
  if (courseRows.length === 0) return { courses: 0, lessons: 0 };
  const { rows: lessonRows } = await db.execute<Row>(sql`
    INSERT INTO lessons (course_id, title, duration_seconds, credit_hundredths, video_file, sort)
    SELECT n.id, l.title, l.duration_seconds, l.credit_hundredths, l.video_file, l.sort
    FROM courses n
    JOIN courses o ON o.institute_id = n.institute_id AND o.code = n.code AND o.year = ${fromYear}
    JOIN lessons l ON l.course_id = o.id
    WHERE n.id IN (${sql.join(
      courseRows.map((r) => sql`${Number(r.id)}`),
      sql`, `,
    )})
    FOR SHARE OF l
    RETURNING id`);
  return { courses: courseRows.length, lessons: lessonRows.length };
}

/** The institute's questionnaire of a catalogue year; empty when it has none. */
export async function findQuestionnaire(db: Executor, instituteId: number, year: number): Promise<unknown[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT questions FROM institute_questionnaires WHERE institute_id = ${instituteId} AND year = ${year}`);
  return (rows[0]?.questions as unknown[] | undefined) ?? [];
}

export async function saveQuestionnaire(
  db: Executor,
  instituteId: number,
  year: number,
  questions: unknown[],
) {
  await db.execute(sql`
    INSERT INTO institute_questionnaires (institute_id, year, questions)
    VALUES (${instituteId}, ${year}, ${JSON.stringify(questions)}::jsonb)
    ON CONFLICT (institute_id, year) DO UPDATE SET questions = EXCLUDED.questions`);
}

/** Copies a year's questionnaire into another year that has none; true when copied. */
export async function copyQuestionnaire(db: Executor, instituteId: number, fromYear: number, toYear: number) {
  const { rows } = await db.execute(sql`
    INSERT INTO institute_questionnaires (institute_id, year, questions)
    SELECT institute_id, ${toYear}, questions FROM institute_questionnaires
    WHERE institute_id = ${instituteId} AND year = ${fromYear}
    ON CONFLICT (institute_id, year) DO NOTHING
    RETURNING year`);
  return rows.length === 1;
}
