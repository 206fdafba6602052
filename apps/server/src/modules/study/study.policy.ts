import type { Question } from '@cpe/shared';
import { AppError } from '../../errors.ts';
import type { LessonContext } from './study.repository.ts';

/**
 * Who may see or study a lesson: it exists and belongs to the institute the member chose for the
 * course's year. Another institute's lesson answers 404 like an unknown one.
 */
export function assertVisible(ctx: LessonContext | undefined): asserts ctx is LessonContext {
  if (!ctx) throw new AppError('NOT_FOUND', '课节不存在');
  if (ctx.chosenInstituteId === null) {
    throw new AppError('INSTITUTE_NOT_CHOSEN', `请先选择${ctx.year}年度的学习机构（会计学院）`);
  }
  if (ctx.chosenInstituteId !== ctx.instituteId) throw new AppError('NOT_FOUND', '课节不存在');
}

/**
 * An elective opens once every required course of its year is completed. When the course's year can be
 * studied at all is the year's study window in the rule data (study.window.ts), checked before this.
 */
export function assertUnlocked(ctx: LessonContext) {
  if (ctx.locked) {
    throw new AppError('REQUIRED_COURSES_FIRST', '请先完成本年度全部必修课程，再学习选修课程');
  }
}

export function assertEvaluable(ctx: LessonContext) {
  if (!ctx.progress?.completedAt) {
    throw new AppError('LESSON_NOT_COMPLETED', '请先完整观看本课节，再进行评价');
  }
  if (ctx.evaluation) throw new AppError('ALREADY_EVALUATED', '本课节已评价，不能重复评价');
}

/** Answers must match the institute's questionnaire: known ids, listed options, required ones given. */
export function checkAnswers(questions: Question[], answers: Record<string, string> | undefined) {
  const given = answers ?? {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(given)) {
    if (!byId.has(id)) throw new AppError('VALIDATION_FAILED', '问卷回答不正确：题目不存在');
  }
  for (const q of questions) {
    const a = given[q.id]?.trim() ?? '';
    if (!a) {
      if (q.required) throw new AppError('VALIDATION_FAILED', `请回答问卷：${q.text}`);
      continue;
    }
    if (q.type === 'single' && !(q.options ?? []).includes(a)) {
      throw new AppError('VALIDATION_FAILED', `问卷回答不正确：${q.text}`);
    }
  }
}

/** The answers as read back: each answered question's text (as asked then) with its answer, in order. */
export function answered(questions: Question[], answers: Record<string, string> | null) {
  return questions.flatMap((q) => {
    const answer = answers?.[q.id]?.trim();
    return answer ? [{ question: q.text, answer }] : [];
  });
}
