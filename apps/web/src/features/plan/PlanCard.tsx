import { PlayCircleOutlined } from '@ant-design/icons';
import type { PlanLesson, PlanResponse } from '@cpe/shared';
import { Alert, Button, Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { hoursText, learningPaths } from '../learning/format.ts';
import { ErrorAlert, LoadingCard } from '../learning/status.tsx';
import { usePlan } from './api.ts';

const minutesText = (m: number) => `${Number.isInteger(m) ? m : m.toFixed(1)} 分钟`;

/** The lessons grouped by course, in plan order. */
function byCourse(lessons: PlanLesson[]) {
  const groups: { courseId: number; course: string; lessons: PlanLesson[] }[] = [];
  for (const l of lessons) {
    let g = groups.find((x) => x.courseId === l.courseId);
    if (!g) {
      g = { courseId: l.courseId, course: l.course, lessons: [] };
      groups.push(g);
    }
    g.lessons.push(l);
  }
  return groups;
}

/**
 * 学习计划: the shortest way through the year's lessons, what video cannot do and the forecast. Shown on
 * 学时查询 and the member home page; `year` defaults to the server's current year.
 */
export function PlanCard({ year }: { year?: number }) {
  const plan = usePlan(year);
  if (plan.isPending) return <LoadingCard rows={4} />;
  if (plan.isError) return <ErrorAlert error={plan.error} onRetry={() => plan.refetch()} />;
  return <PlanView plan={plan.data} />;
}

function PlanView({ plan }: { plan: PlanResponse }) {
  const first = plan.lessons[0];
  const start = first
    ? first.evaluateOnly
      ? learningPaths.evaluate(first.lessonId)
      : learningPaths.lesson(first.lessonId)
    : null;
  return (
    <Card title="学习计划" data-testid="plan-card" styles={{ body: { display: 'grid', gap: 12 } }}>
      {plan.payFirst && (
        <Alert
          type="warning"
          showIcon
          title="请先交纳本年度学习费用，交费后即可按下面的计划开始学习"
          action={
            <Link to={learningPaths.home}>
              <Button size="small">去交费</Button>
            </Link>
          }
        />
      )}
      {plan.institute === null && (
        <Alert
          type="info"
          showIcon
          title="请先在“在线学习”中选择本年度的会计学院，再按计划学习其课程"
          action={
            <Link to={learningPaths.home}>
              <Button size="small" type="primary">
                选择会计学院
              </Button>
            </Link>
          }
        />
      )}
      {plan.lessons.length > 0 ? (
        <>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="plan-summary">
            建议学习 <strong>{plan.lessons.length}</strong> 个课节，共{' '}
            <strong>{hoursText(plan.totalHours)}</strong> 学时（可计入本年度 {hoursText(plan.countedHours)}{' '}
            学时，其中职业道德 {hoursText(plan.ethicsHours)} 学时），约{' '}
            <strong>{minutesText(plan.totalMinutes)}</strong>。
          </Typography.Paragraph>
          {start && (
            <Link to={start}>
              <Button type="primary" icon={<PlayCircleOutlined />} data-testid="plan-start">
                {first?.evaluateOnly ? '去评价第一个课节' : '开始学习第一个课节'}
              </Button>
            </Link>
          )}
          <div style={{ display: 'grid', gap: 8 }}>
            {byCourse(plan.lessons).map((g) => (
              <section key={g.courseId} aria-label={g.course}>
                <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                  {g.course}
                </Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                  {g.lessons.map((l) => (
                    <li key={l.lessonId} data-testid="plan-lesson" style={{ overflowWrap: 'anywhere' }}>
                      <Link
                        to={
                          l.evaluateOnly
                            ? learningPaths.evaluate(l.lessonId)
                            : learningPaths.lesson(l.lessonId)
                        }
                      >
                        {l.lesson}
                      </Link>{' '}
                      <Tag>{l.kind === 'required' ? '必修' : '选修'}</Tag>
                      {l.ethics && <Tag color="purple">职业道德</Tag>}
                      {hoursText(l.hours)} 学时 ·{' '}
                      {l.evaluateOnly ? <Tag color="orange">已学完，待评价</Tag> : minutesText(l.minutes)}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      ) : (
        plan.institute !== null &&
        plan.unmet.length === 0 && (
          <Typography.Text type="success">本年度的学时要求已可满足，无需再学习网络课程。</Typography.Text>
        )
      )}
      {plan.unmet.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-unmet"
          title="网络课程无法补足的部分"
          description={
            <div style={{ display: 'grid', gap: 8 }}>
              {plan.unmet.map((u) => (
                <div key={u.kind}>
                  <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                    {u.what}
                  </Typography.Text>
                  <Options options={u.options} />
                </div>
              ))}
            </div>
          }
        />
      )}
      <Forecast plan={plan} />
    </Card>
  );
}

const OUTPUT_ITEM = /^产出[法式]学时 /;

/** What else counts: face-to-face first; the output-hour items (many) folded under one line. */
function Options({ options }: { options: string[] }) {
  const items = options.filter((o) => OUTPUT_ITEM.test(o));
  const others = options.filter((o) => !OUTPUT_ITEM.test(o));
  const list = (xs: string[]) => (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
      {xs.map((o) => (
        <li key={o} style={{ overflowWrap: 'anywhere' }}>
          {o}
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {list(others)}
      {items.length > 0 && (
        <details data-testid="plan-output-items" style={{ marginTop: 4 }}>
          <summary style={{ cursor: 'pointer' }}>
            {items[0]?.slice(0, 5)}可计入的项目及上限（{items.length} 项）
          </summary>
          {list(items.map((o) => o.replace(OUTPUT_ITEM, '')))}
        </details>
      )}
    </>
  );
}

function Forecast({ plan }: { plan: PlanResponse }) {
  const f = plan.forecast;
  if (plan.lessons.length === 0) return null;
  if (f.warning) return <Alert type="error" showIcon data-testid="plan-warning" title={f.warning} />;
  return (
    <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="plan-forecast">
      {f.paceMinutesPerWeek === null
        ? `您本年度尚未开始学习；要在 ${f.closesOn} 学习截止前学完，每周需学习约 ${minutesText(f.neededMinutesPerWeek ?? 0)}。`
        : `您目前每周学习约 ${minutesText(f.paceMinutesPerWeek)}，预计 ${f.finishOn ?? '—'} 学完计划课程（学习截止 ${f.closesOn}）。`}
    </Typography.Paragraph>
  );
}
