import type { Course, CourseDetail, CoursesResponse } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { findChoice } from '../institute/institute.repository.ts';
import { videoUrl } from '../study/study.service.ts';
import { type CatalogueRow, catalogue, courseYear } from './course.repository.ts';

export type CourseService = ReturnType<typeof courseService>;

/** Groups the flat rows into courses; electives are locked until every required course is completed. */
export function buildCourses(rows: CatalogueRow[]): Omit<CoursesResponse, 'year' | 'institute'> {
  const courses: Course[] = [];
  const byId = new Map<number, Course>();
  for (const r of rows) {
    let course = byId.get(r.courseId);
    if (!course) {
      course = {
        id: r.courseId,
        title: r.title,
        teacher: r.teacher,
        kind: r.kind,
        ethics: r.ethics,
        description: r.description,
        locked: false,
        completed: true,
        creditHours: 0,
        lessons: [],
      };
      byId.set(r.courseId, course);
      courses.push(course);
    }
    if (r.lessonId === null) continue;
    course.lessons.push({
      id: r.lessonId,
      title: r.lessonTitle ?? '',
      durationSeconds: r.durationSeconds,
      creditHours: r.creditHundredths / 100,
      completed: r.completed,
      evaluated: r.evaluated,
      watchedSeconds: r.watchedSeconds,
      positionSeconds: r.positionSeconds,
      furthestSeconds: r.furthestSeconds,
      videoUrl: videoUrl(r.lessonId),
    });
    course.completed &&= r.completed;
  }
  for (const c of courses) {
    // Sum in integer hundredths, then convert: no float drift.
    c.creditHours = c.lessons.reduce((s, l) => s + Math.round(l.creditHours * 100), 0) / 100;
  }
  const requiredRemaining = courses
    .filter((c) => c.kind === 'required' && !c.completed)
    .map((c) => ({ id: c.id, title: c.title }));
  const electivesOpen = requiredRemaining.length === 0;
  for (const c of courses) c.locked = c.kind === 'elective' && !electivesOpen;
  return { electivesOpen, requiredRemaining, courses };
}

export function courseService({ db }: Deps) {
  async function chosen(memberId: number, year: number) {
    const choice = await findChoice(db, memberId, year);
    if (!choice) throw new AppError('INSTITUTE_NOT_CHOSEN', `请先选择${year}年度的学习机构（会计学院）`);
    return choice.institute;
  }

  return {
    async list(memberId: number, year: number): Promise<CoursesResponse> {
      const institute = await chosen(memberId, year);
      const rows = await catalogue(db, memberId, institute.id, year);
      return { year, institute, ...buildCourses(rows) };
    },

    /** One course; its lock needs the year's required courses, so the year's rows are read once. */
    async detail(memberId: number, courseId: number): Promise<CourseDetail> {
      const year = await courseYear(db, courseId);
      if (year === undefined) throw notFound('课程');
      const institute = await chosen(memberId, year);
      const { courses } = buildCourses(await catalogue(db, memberId, institute.id, year));
      const course = courses.find((c) => c.id === courseId);
      if (!course) throw notFound('课程');
      return { ...course, year, institute };
    },
  };
}
