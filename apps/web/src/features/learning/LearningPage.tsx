import { LockOutlined } from '@ant-design/icons';
import type { Course, CoursesResponse } from '@cpe/shared';
import { Alert, Empty, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCourses, useInstituteChoice } from '../../api/learning.ts';
import { CourseCard } from './CourseCard.tsx';
import { ELECTIVES_LOCKED, learningPaths } from './format.ts';
import { InstituteBanner } from './InstituteBanner.tsx';
import { InstitutePicker } from './InstitutePicker.tsx';
import { cardGrid, ErrorAlert, LoadingCard } from './status.tsx';
import { type UnevaluatedLesson, UnevaluatedNotice } from './UnevaluatedNotice.tsx';

/** Completed lessons of the catalogue that still wait for their evaluation. */
export function unevaluatedOf(courses: Course[]): UnevaluatedLesson[] {
  return courses.flatMap((c) =>
    c.lessons
      .filter((l) => l.completed && !l.evaluated)
      .map((l) => ({ lessonId: l.id, course: c.title, lesson: l.title, creditHours: l.creditHours })),
  );
}

export function PageTitle({ title, year }: { title: string; year?: number }) {
  return (
    <Typography.Title level={4} style={{ margin: 0 }}>
      {title}
      {year !== undefined && (
        <Tag color="blue" style={{ marginInlineStart: 8, verticalAlign: 'middle' }}>
          {year}年度
        </Tag>
      )}
    </Typography.Title>
  );
}

/** 在线学习: the year's institute choice first, then that institute's catalogue. */
export function LearningPage() {
  const choice = useInstituteChoice();
  const year = choice.data?.year;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <PageTitle title="在线学习" year={year} />
      {choice.isPending && <LoadingCard />}
      {choice.isError && <ErrorAlert error={choice.error} onRetry={() => choice.refetch()} />}
      {choice.data &&
        (choice.data.institute ? (
          <Catalogue year={choice.data.year} />
        ) : (
          <InstitutePicker year={choice.data.year} />
        ))}
    </div>
  );
}

function Catalogue({ year }: { year: number }) {
  const courses = useCourses(year);
  if (courses.isPending) return <LoadingCard rows={6} />;
  if (courses.isError) return <ErrorAlert error={courses.error} onRetry={() => courses.refetch()} />;
  const data = courses.data;
  const required = data.courses.filter((c) => c.kind === 'required');
  const electives = data.courses.filter((c) => c.kind === 'elective');
  return (
    <>
      <InstituteBanner institute={data.institute} year={data.year} />
      <UnevaluatedNotice lessons={unevaluatedOf(data.courses)} />
      <Section title="必修课程" count={required.length}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          需先完成全部必修课程，才可以学习选修课程；每个课节学习完都须进行“评价”。
        </Typography.Paragraph>
        <CourseGrid courses={required} />
      </Section>
      <Section title="选修课程" count={electives.length}>
        {!data.electivesOpen && <ElectivesLocked remaining={data.requiredRemaining} />}
        <CourseGrid courses={electives} />
      </Section>
    </>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <section style={{ display: 'grid', gap: 12 }} aria-label={title}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
          共 {count} 门
        </Typography.Text>
      </Typography.Title>
      {children}
    </section>
  );
}

function CourseGrid({ courses }: { courses: Course[] }) {
  if (courses.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度暂无课程" />;
  }
  return (
    <div style={cardGrid(280)}>
      {courses.map((c) => (
        <CourseCard key={c.id} course={c} />
      ))}
    </div>
  );
}

function ElectivesLocked({ remaining }: { remaining: CoursesResponse['requiredRemaining'] }) {
  return (
    <Alert
      type="warning"
      icon={<LockOutlined />}
      showIcon
      data-testid="electives-locked"
      title={ELECTIVES_LOCKED}
      description={
        remaining.length > 0 && (
          <>
            还需完成的必修课程：
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {remaining.map((r) => (
                <li key={r.id} style={{ overflowWrap: 'anywhere' }}>
                  <Link to={learningPaths.course(r.id)}>{r.title}</Link>
                </li>
              ))}
            </ul>
          </>
        )
      }
    />
  );
}
