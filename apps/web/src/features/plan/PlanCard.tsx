import type { PlanLesson, PlanResponse } from '@cpe/shared';
import { useDeferredValue } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { PlayCircleIcon } from '../../components/icons.tsx';
import { Alert, Card, LoadingCard, Tag } from '../../components/ui.tsx';
import { hoursText, learningPaths } from '../learning/format.ts';
import { usePlan } from './api.ts';
import './plan.css';

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

const lessonPath = (l: PlanLesson) =>
  l.evaluateOnly ? learningPaths.evaluate(l.lessonId) : learningPaths.lesson(l.lessonId);

/**
 * 学习计划: the shortest way through the year's lessons, what video cannot do and the forecast. Shown on
 * 学时查询 and the member home page; `year` defaults to the server's current year. Plain React and CSS
 * (plan.css, components/ui.css): the member home downloads no antd.
 */
export function PlanCard({ year }: { year?: number }) {
  const plan = usePlan(year);
  // The plan (dozens of lessons) arrives outside React's transitions: it renders from the deferred
  // value, in slices, rather than in one long task that holds a phone's main thread.
  const data = useDeferredValue(plan.data);
  if (plan.isError) return <PlanError error={plan.error} onRetry={() => plan.refetch()} />;
  if (!data) return <LoadingCard rows={4} />;
  return <PlanView plan={data} />;
}

/** A failed plan: the server's Chinese message and a way on (choose the institute, or try again). */
function PlanError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const notChosen = error instanceof ApiError && error.code === 'INSTITUTE_NOT_CHOSEN';
  // A 4xx (not found, not allowed) answers the same on a retry.
  const retryable = !(error instanceof ApiError && error.status >= 400 && error.status < 500);
  return (
    <Alert
      type={notChosen ? 'warning' : 'error'}
      title={errorMessage(error)}
      action={
        notChosen ? (
          <Link to={learningPaths.home} className="ui-btn small primary">
            选择会计学院
          </Link>
        ) : (
          retryable && (
            <button type="button" className="ui-btn small" onClick={onRetry}>
              重试
            </button>
          )
        )
      }
    />
  );
}

function PlanView({ plan }: { plan: PlanResponse }) {
  const first = plan.lessons[0];
  return (
    <Card title="学习计划" testId="plan-card">
      <div className="plan-body">
        {plan.payFirst && (
          <Alert
            type="warning"
            title="请先交纳本年度学习费用，交费后即可按下面的计划开始学习"
            action={
              <Link to={learningPaths.home} className="ui-btn small">
                去交费
              </Link>
            }
          />
        )}
        {plan.institute === null && (
          <Alert
            type="info"
            title="请先在“在线学习”中选择本年度的会计学院，再按计划学习其课程"
            action={
              <Link to={learningPaths.home} className="ui-btn small primary">
                选择会计学院
              </Link>
            }
          />
        )}
        {plan.lessons.length > 0 ? (
          <>
            <p className="ui-text" data-testid="plan-summary">
              建议学习 <strong>{plan.lessons.length}</strong> 个课节，共{' '}
              <strong>{hoursText(plan.totalHours)}</strong> 学时（可计入本年度 {hoursText(plan.countedHours)}{' '}
              学时，其中职业道德 {hoursText(plan.ethicsHours)} 学时），约{' '}
              <strong>{minutesText(plan.totalMinutes)}</strong>。
            </p>
            {first && (
              <div>
                <Link to={lessonPath(first)} className="ui-btn primary" data-testid="plan-start">
                  <PlayCircleIcon />
                  {first.evaluateOnly ? '去评价第一个课节' : '开始学习第一个课节'}
                </Link>
              </div>
            )}
            <div className="plan-courses">
              {byCourse(plan.lessons).map((g) => (
                <section key={g.courseId} aria-label={g.course}>
                  <strong className="plan-wrap">{g.course}</strong>
                  <ul className="plan-list">
                    {g.lessons.map((l) => (
                      <li key={l.lessonId} data-testid="plan-lesson">
                        <Link to={lessonPath(l)}>{l.lesson}</Link>{' '}
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
            <span className="ui-success">本年度的学时要求已可满足，无需再学习网络课程。</span>
          )
        )}
        {plan.unmet.length > 0 && (
          <Alert
            type="warning"
            testId="plan-unmet"
            title="网络课程无法补足的部分"
            description={
              <div className="plan-courses">
                {plan.unmet.map((u) => (
                  <div key={u.kind}>
                    <strong className="plan-wrap">{u.what}</strong>
                    <Options options={u.options} />
                  </div>
                ))}
              </div>
            }
          />
        )}
        <Forecast plan={plan} />
      </div>
    </Card>
  );
}

const OUTPUT_ITEM = /^产出[法式]学时 /;

/** What else counts: face-to-face first; the output-hour items (many) folded under one line. */
function Options({ options }: { options: string[] }) {
  const items = options.filter((o) => OUTPUT_ITEM.test(o));
  const others = options.filter((o) => !OUTPUT_ITEM.test(o));
  const list = (xs: string[]) => (
    <ul className="plan-list">
      {xs.map((o) => (
        <li key={o}>{o}</li>
      ))}
    </ul>
  );
  return (
    <>
      {list(others)}
      {items.length > 0 && (
        <details data-testid="plan-output-items" className="plan-details">
          <summary>
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
  if (f.warning) return <Alert type="error" testId="plan-warning" title={f.warning} />;
  return (
    <p className="ui-text ui-secondary" data-testid="plan-forecast">
      {f.paceMinutesPerWeek === null
        ? `您本年度尚未开始学习；要在 ${f.closesOn} 学习截止前学完，每周需学习约 ${minutesText(f.neededMinutesPerWeek ?? 0)}。`
        : `您目前每周学习约 ${minutesText(f.paceMinutesPerWeek)}，预计 ${f.finishOn ?? '—'} 学完计划课程（学习截止 ${f.closesOn}）。`}
    </p>
  );
}
