import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { type Course, courseKindLabels } from '@cpe/shared';
import { Card, Progress, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { hoursText, learningPaths, percentOf } from './format.ts';

/** 必修 / 选修 and 职业道德 tags of a course. */
export function CourseTags({ kind, ethics }: Pick<Course, 'kind' | 'ethics'>) {
  return (
    <Space size={[4, 4]} wrap>
      <Tag color={kind === 'required' ? 'blue' : 'cyan'} style={{ marginInlineEnd: 0 }}>
        {courseKindLabels[kind]}
      </Tag>
      {ethics && (
        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
          职业道德
        </Tag>
      )}
    </Space>
  );
}

/** One course of the catalogue: what it is, its hours and how far the member got. */
export function CourseCard({ course }: { course: Course }) {
  const total = course.lessons.length;
  const done = course.lessons.filter((l) => l.completed).length;
  return (
    <Link to={learningPaths.course(course.id)} style={{ display: 'block', height: '100%' }}>
      <Card
        hoverable
        data-testid="course-card"
        style={{ height: '100%', ...(course.locked ? { background: '#fafbfc' } : {}) }}
        styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8, height: '100%' } }}
      >
        <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Typography.Title level={5} style={{ margin: 0, overflowWrap: 'anywhere' }}>
            {course.title}
          </Typography.Title>
          {course.locked && <LockOutlined aria-label="未解锁" style={{ color: '#8c8c8c', fontSize: 18 }} />}
        </div>
        <CourseTags kind={course.kind} ethics={course.ethics} />
        <Typography.Text type="secondary">
          <UserOutlined /> 主讲：{course.teacher} · {total} 个课节 · {hoursText(course.creditHours)} 学时
        </Typography.Text>
        <div style={{ marginTop: 'auto' }}>
          {course.locked ? (
            <Typography.Text type="secondary">
              <LockOutlined /> 完成全部必修课程后解锁
            </Typography.Text>
          ) : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                已完成 {done}/{total} 个课节
              </Typography.Text>
              <Progress
                percent={percentOf(done, total)}
                size="small"
                status={course.completed ? 'success' : 'normal'}
                format={() => `${done}/${total}`}
              />
            </>
          )}
        </div>
      </Card>
    </Link>
  );
}
