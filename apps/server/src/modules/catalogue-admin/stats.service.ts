import type { Writable } from 'node:stream';
import type { LearnerStats } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { writeXlsx } from '../../documents/xlsx.ts';
import { AppError } from '../../errors.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import {
  completionsPerDay,
  latestComments,
  lessonStats,
  memberBreakdown,
  questionnaireAnswers,
} from './stats.repository.ts';

export type StatsService = ReturnType<typeof statsService>;

/** 张明 → 张*, 欧阳娜娜 → 欧***: the admin sees that a comment is a member's, not whose. */
export const maskName = (name: string) => (name.length <= 1 ? '*' : name[0] + '*'.repeat(name.length - 1));

const average = (ratings: number[]) => {
  const n = ratings.reduce((s, x) => s + x, 0);
  return n === 0 ? null : Math.round((ratings.reduce((s, x, i) => s + x * (i + 1), 0) / n) * 100) / 100;
};
/** Answer counts folded into one entry per question (as asked) with its options' counts. */
function tallyAnswers(rows: Awaited<ReturnType<typeof questionnaireAnswers>>): LearnerStats['answers'] {
  const tally: LearnerStats['answers'] = [];
  for (const r of rows) {
    let q = tally.find((x) => x.question === r.question && x.type === r.type);
    if (!q) {
      q = { question: r.question, type: r.type, answered: 0, options: [] };
      tally.push(q);
    }
    q.answered += r.count;
    if (r.answer !== null) q.options.push({ option: r.answer, count: r.count });
  }
  return tally;
}
const memberTypeLabels: Record<string, string> = { practicing: '执业会员', non_practicing: '非执业会员' };

export function statsService({ db }: Deps) {
  function instituteOf(staff: StaffPrincipal) {
    if (staff.role !== 'institute_admin' || staff.instituteId === null) {
      throw new AppError('FORBIDDEN', '仅国家会计学院管理员可查看学员学习情况');
    }
    return staff.instituteId;
  }

  return {
    async stats(staff: StaffPrincipal, year: number): Promise<LearnerStats> {
      const instituteId = instituteOf(staff);
      const lessons = await lessonStats(db, instituteId, year);
      const courses: LearnerStats['courses'] = [];
      for (const l of lessons) {
        let course = courses.find((c) => c.courseId === l.courseId);
        if (!course) {
          course = {
            courseId: l.courseId,
            title: l.courseTitle,
            started: 0,
            completed: 0,
            evaluated: 0,
            averageRating: null,
            ratings: [0, 0, 0, 0, 0],
            lessons: [],
          };
          courses.push(course);
        }
        course.lessons.push({
          lessonId: l.lessonId,
          title: l.lessonTitle,
          started: l.started,
          completed: l.completed,
          evaluated: l.evaluated,
          averageRating: average(l.ratings),
          ratings: l.ratings,
        });
        course.started += l.started;
        course.completed += l.completed;
        course.evaluated += l.evaluated;
        course.ratings = course.ratings.map((n, i) => n + (l.ratings[i] ?? 0));
      }
      for (const c of courses) c.averageRating = average(c.ratings);
      const byProvince = (await memberBreakdown(db, instituteId, year, 'province')).map(({ key, ...n }) => ({
        province: key,
        ...n,
      }));
      const byMemberType = (await memberBreakdown(db, instituteId, year, 'member_type')).map(
        ({ key, ...n }) => ({
          memberType: memberTypeLabels[key] ?? key,
          ...n,
        }),
      );
      const comments = (await latestComments(db, instituteId, year)).map(({ name, ...c }) => ({
        ...c,
        member: maskName(name),
      }));
      return {
        year,
        courses,
        byProvince,
        byMemberType,
        completionsPerDay: await completionsPerDay(db, instituteId, year),
        comments,
        answers: tallyAnswers(await questionnaireAnswers(db, instituteId, year)),
      };
    },

    /** The per-lesson figures as an .xlsx, streamed to `output`. */
    async exportXlsx(staff: StaffPrincipal, year: number, output: Writable) {
      const instituteId = instituteOf(staff);
      const lessons = await lessonStats(db, instituteId, year);
      await writeXlsx({
        output,
        sheetName: `${year}年度学员学习情况`,
        columns: [
          { header: '课程', key: 'course', width: 30 },
          { header: '课节', key: 'lesson', width: 30 },
          { header: '开始学习人数', key: 'started' },
          { header: '完成人数', key: 'completed' },
          { header: '评价人数', key: 'evaluated' },
          { header: '平均评分', key: 'average' },
          ...[1, 2, 3, 4, 5].map((n) => ({ header: `${n}星`, key: `r${n}`, width: 8 })),
        ],
        rows: lessons.map((l) => ({
          course: l.courseTitle,
          lesson: l.lessonTitle,
          started: l.started,
          completed: l.completed,
          evaluated: l.evaluated,
          average: average(l.ratings) ?? '',
          ...Object.fromEntries(l.ratings.map((n, i) => [`r${i + 1}`, n])),
        })),
        moreSheets: [
          {
            sheetName: '评价问卷',
            columns: [
              { header: '题目', key: 'question', width: 40 },
              { header: '选项', key: 'option', width: 24 },
              { header: '人数', key: 'count' },
            ],
            rows: tallyAnswers(await questionnaireAnswers(db, instituteId, year)).flatMap((q) =>
              q.type === 'single'
                ? q.options.map((o) => ({ question: q.question, option: o.option, count: o.count }))
                : [{ question: q.question, option: '（文字回答）', count: q.answered }],
            ),
          },
        ],
      });
    },
  };
}
