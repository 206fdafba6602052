import type { HoursResponse } from '@cpe/shared';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { hoursText, learningPaths, UNEVALUATED_NOTICE } from './format.ts';

export type UnevaluatedLesson = HoursResponse['unevaluatedLessons'][number];

/**
 * The guide's rule said plainly (domain.md 2.5), with every completed lesson still waiting for its
 * evaluation and a link to evaluate it.
 */
export function UnevaluatedNotice({ lessons }: { lessons: UnevaluatedLesson[] }) {
  if (lessons.length === 0) {
    return (
      <Alert type="info" showIcon title={`${UNEVALUATED_NOTICE}；每个课节学习完成后，请及时进行“评价”。`} />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="unevaluated-lessons"
      title={`${UNEVALUATED_NOTICE}。以下 ${lessons.length} 个课节已学完，尚未评价：`}
      description={
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
          {lessons.map((l) => (
            <li key={l.lessonId} style={{ overflowWrap: 'anywhere' }}>
              {l.course} · {l.lesson}（{hoursText(l.creditHours)} 学时）{' '}
              <Link to={learningPaths.evaluate(l.lessonId)}>去评价</Link>
            </li>
          ))}
        </ul>
      }
    />
  );
}
