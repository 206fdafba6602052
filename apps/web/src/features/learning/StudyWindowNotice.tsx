import type { LessonDetail } from '@cpe/shared';
import { Alert } from 'antd';

/** Whether the lesson's year can be studied now: the player and the evaluation only show when it can. */
export const studyOpen = (lesson: LessonDetail) => lesson.studyWindow.status === 'open';

/** Says plainly that the year's lessons can no longer (or not yet) be watched and evaluated. */
export function StudyWindowNotice({ lesson }: { lesson: LessonDetail }) {
  const { status, opens, closes } = lesson.studyWindow;
  if (status === 'open') return null;
  return status === 'closed' ? (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="study-window-closed"
      title={`${lesson.year}年度的学习已结束`}
      description={`本年度课程的观看与评价截止于 ${closes} 23:59:59，现已不能再学习或评价。已评价课节的学时请在学时查询中查看。`}
    />
  ) : (
    <Alert
      type="info"
      showIcon
      role="alert"
      data-testid="study-window-not-open"
      title={`${lesson.year}年度的课程尚未开放学习`}
      description={`本年度课程自 ${opens} 起可以观看与评价。`}
    />
  );
}
