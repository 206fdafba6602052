import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import type { CourseDetail, LessonSummary } from '@cpe/shared';
import { Alert, Button, Card, Empty, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCourse, useFee } from '../../api/learning.ts';
import { CourseTags } from './CourseCard.tsx';
import { FeeModal, feeUnpaid } from './FeeModal.tsx';
import { durationText, ELECTIVES_LOCKED, hoursText, learningPaths, lessonState } from './format.ts';
import { InstituteBanner } from './InstituteBanner.tsx';
import { PageTitle, unevaluatedOf } from './LearningPage.tsx';
import { ErrorAlert, LoadingCard } from './status.tsx';
import { UnevaluatedNotice } from './UnevaluatedNotice.tsx';

/** A course of the chosen institute: its lessons with duration, 学时 and the member's state of each. */
export function CourseDetailPage() {
  const courseId = Number(useParams().courseId);
  const course = useCourse(courseId);
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div>
        <Link to={learningPaths.home}>
          <ArrowLeftOutlined /> 返回在线学习
        </Link>
      </div>
      {course.isPending && <LoadingCard rows={6} />}
      {course.isError && <ErrorAlert error={course.error} onRetry={() => course.refetch()} />}
      {course.data && <CourseView course={course.data} />}
    </div>
  );
}

function CourseView({ course }: { course: CourseDetail }) {
  const fee = useFee(course.year);
  const navigate = useNavigate();
  const [feeOpen, setFeeOpen] = useState(false);
  const done = course.lessons.filter((l) => l.completed).length;

  /** 开始学习: an unpaid fee opens the fee page first (guide part 二). */
  const start = (lesson: LessonSummary) => {
    if (feeUnpaid(fee.data)) setFeeOpen(true);
    else navigate(learningPaths.lesson(lesson.id));
  };

  return (
    <>
      <InstituteBanner institute={course.institute} year={course.year} />
      <Card>
        <div style={{ display: 'grid', gap: 8 }}>
          <PageTitle title={course.title} />
          <CourseTags kind={course.kind} ethics={course.ethics} />
          <Typography.Text type="secondary">
            主讲：{course.teacher} · {course.lessons.length} 个课节 · 共 {hoursText(course.creditHours)} 学时
            · 已完成 {done}/{course.lessons.length}
          </Typography.Text>
          <Typography.Paragraph style={{ margin: 0 }}>{course.description}</Typography.Paragraph>
        </div>
      </Card>
      {course.locked && <Alert type="warning" showIcon icon={<LockOutlined />} title={ELECTIVES_LOCKED} />}
      <UnevaluatedNotice lessons={unevaluatedOf([course])} />
      <Card title="课节" styles={{ body: { padding: 0 } }}>
        {course.lessons.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本课程暂无课节" style={{ padding: 24 }} />
        ) : (
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {course.lessons.map((l, i) => (
              <LessonRow
                key={l.id}
                lesson={l}
                index={i + 1}
                locked={course.locked}
                onStart={() => start(l)}
              />
            ))}
          </ol>
        )}
      </Card>
      {fee.data && (
        <FeeModal
          fee={fee.data}
          open={feeOpen}
          onClose={() => setFeeOpen(false)}
          back={learningPaths.course(course.id)}
        />
      )}
    </>
  );
}

function LessonRow({
  lesson,
  index,
  locked,
  onStart,
}: {
  lesson: LessonSummary;
  index: number;
  locked: boolean;
  onStart: () => void;
}) {
  const state = lessonState(lesson);
  const navigate = useNavigate();
  const action = locked ? (
    <Button icon={<LockOutlined />} disabled>
      未解锁
    </Button>
  ) : state.key === 'new' ? (
    <Button type="primary" onClick={onStart}>
      开始学习
    </Button>
  ) : state.key === 'studying' ? (
    <Button type="primary" onClick={onStart}>
      继续学习
    </Button>
  ) : state.key === 'toEvaluate' ? (
    <Button type="primary" danger onClick={() => navigate(learningPaths.evaluate(lesson.id))}>
      评价
    </Button>
  ) : (
    <Button onClick={() => navigate(learningPaths.lesson(lesson.id))}>查看</Button>
  );
  return (
    <li
      data-testid="lesson-row"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 12,
        padding: '12px 24px',
        borderTop: index > 1 ? '1px solid #f0f0f0' : undefined,
      }}
    >
      <div style={{ flex: '1 1 220px', minWidth: 0 }}>
        <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
          {index}. {lesson.title}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary">
            时长 {durationText(lesson.durationSeconds)} · {hoursText(lesson.creditHours)} 学时
          </Typography.Text>
        </div>
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginInlineStart: 'auto' }}>
        <Tag color={state.color} style={{ marginInlineEnd: 0 }}>
          {state.label}
        </Tag>
        {action}
      </div>
    </li>
  );
}
