import type { LessonSummary } from '@cpe/shared';

/** Learning pages under the member portal. */
export const learningPaths = {
  home: '/member/learning',
  course: (id: number) => `/member/learning/courses/${id}`,
  lesson: (id: number) => `/member/learning/lessons/${id}`,
  /** the player page scrolled to its evaluation form */
  evaluate: (id: number) => `/member/learning/lessons/${id}#evaluate`,
};

/** 学时 with two decimals, as the guide shows them ("4.00学时"). */
export const hoursText = (h: number) => h.toFixed(2);

/** A requirement figure: whole numbers without decimals ("32学时"). */
export const requirementText = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(2));

/** Money from integer fen: 8000 → "¥80.00". */
export const yuanText = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** 20 → "0:20", 300 → "5:00", 3725 → "1:02:05". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export const percentOf = (part: number, whole: number) =>
  whole > 0 ? Math.min(100, Math.floor((part / whole) * 100)) : 0;

export type LessonStateKey = 'new' | 'studying' | 'toEvaluate' | 'evaluated';

/** 未开始 / 学习中 x% / 已完成·待评价 / 已评价. */
export function lessonState(
  l: Pick<LessonSummary, 'completed' | 'evaluated' | 'watchedSeconds' | 'durationSeconds'>,
): {
  key: LessonStateKey;
  label: string;
  color: string;
} {
  if (l.completed && l.evaluated) return { key: 'evaluated', label: '已评价', color: 'success' };
  if (l.completed) return { key: 'toEvaluate', label: '已完成 · 待评价', color: 'warning' };
  if (l.watchedSeconds > 0) {
    return {
      key: 'studying',
      label: `学习中 ${percentOf(l.watchedSeconds, l.durationSeconds)}%`,
      color: 'processing',
    };
  }
  return { key: 'new', label: '未开始', color: 'default' };
}

/** The guide's rule, said the same way on every learning page. */
export const UNEVALUATED_NOTICE = '未进行评价的课节，学时数将暂时不记录在系统';
export const ELECTIVES_LOCKED = '需先完成全部必修课程，才可以学习选修课程';
