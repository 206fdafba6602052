import {
  type ApprovedGround,
  computeRequirement,
  findExemptionGround,
  forecastPlan,
  planStudy,
  type RuleData,
  RuleInputError,
  resolveRuleSet,
  studyWindowState,
} from '@cpe/rules';
import type { PlanForecast, PlanForecastSummary, PlanResponse } from '@cpe/shared';
import { shanghaiDate } from '../../clock.ts';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { catalogue } from '../course/course.repository.ts';
import { isFeePaid } from '../fee/fee.repository.ts';
import { memberFacts } from '../hours/hours.repository.ts';
import { findChoice } from '../institute/institute.repository.ts';
import type { RulesService } from '../rules/rules.service.ts';
import {
  exemptionGrounds,
  type ForecastRow,
  forecastSummary,
  pendingLessons,
  provinceTrainings,
  standingRows,
  watchActivity,
} from './plan.repository.ts';

export type PlanService = ReturnType<typeof planService>;

const hours = (hundredths: number) => hundredths / 100;
const minutes = (seconds: number) => Math.ceil(seconds / 6 - 1e-9) / 10;

export interface PlanOutcome {
  response: PlanResponse;
  forecast: ForecastRow;
}

/**
 * A member's plan and forecast for a year, from the rule data given (loaded once by the caller):
 * the standing from `hour_standing` plus evaluated lessons not yet synced, the chosen institute's
 * catalogue with the member's progress, and the pace from lesson progress.
 */
export async function memberPlan(
  db: Executor,
  deps: Pick<Deps, 'config'>,
  data: RuleData,
  memberId: number,
  year: number,
  now: Date,
): Promise<PlanOutcome> {
  const member = await memberFacts(db, memberId);
  if (!member) throw notFound('会员');
  // One after another: `db` is the caller's transaction, one connection, which runs one statement at a
  // time whatever is asked of it (and pg refuses queries sent while one is running, from its version 9).
  const standing = await standingRows(db, memberId, year);
  const pending = await pendingLessons(db, memberId, year);
  const grounds = await exemptionGrounds(db, memberId, year);
  const choice = await findChoice(db, memberId, year);
  const activity = await watchActivity(db, memberId, year);
  let ruleSet: ReturnType<typeof resolveRuleSet>;
  try {
    ruleSet = resolveRuleSet(data, { year, memberType: member.type, province: member.province });
  } catch (e) {
    if (e instanceof RuleInputError) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
    throw e;
  }
  const approved: ApprovedGround[] = grounds.flatMap((code) => {
    try {
      return [{ ground: findExemptionGround(data.exemptionGrounds, code, member.type, year) }];
    } catch {
      return []; // a ground the year's data no longer knows changes nothing
    }
  });
  const requirement = computeRequirement(ruleSet, member, approved).requirement;
  const sumOf = (pick: (b: string, ethics: boolean) => boolean) =>
    standing.filter((r) => pick(r.bucket, r.ethics)).reduce((s, r) => s + r.hundredths, 0);
  const online = sumOf((b) => b.startsWith('online_')) + pending.total;
  const faceToFace = sumOf((b) => b === 'face_to_face');
  const outputRaw = sumOf((b) => b === 'output');
  const output = ruleSet.outputCap === null ? outputRaw : Math.min(outputRaw, ruleSet.outputCap);
  const ethics = sumOf((b, e) => e && (b.startsWith('online_') || b === 'face_to_face')) + pending.ethics;

  const rows = choice ? await catalogue(db, memberId, choice.institute.id, year) : [];
  const lessonRows = rows.filter((r) => r.lessonId !== null);
  const feePaid = ruleSet.feeRequired ? await isFeePaid(db, memberId, year) : true;
  const plan = planStudy({
    memberType: member.type,
    ruleSet,
    requirement,
    standing: { online, faceToFace, output, ethics },
    lessons: lessonRows.map((r) => ({
      lessonId: r.lessonId as number,
      courseId: r.courseId,
      kind: r.kind,
      ethics: r.ethics,
      creditHundredths: r.creditHundredths,
      durationSeconds: r.durationSeconds,
      watchedSeconds: r.watchedSeconds,
      completed: r.completed,
      evaluated: r.evaluated,
    })),
    feePaid,
    playbackRate: deps.config.PLAYBACK_RATE,
    completionShare: deps.config.COMPLETION_SHARE,
    outputItems: data.catalogue.filter(
      (i) => i.activeFrom <= year && (i.activeTo === null || year <= i.activeTo),
    ),
    trainings: await provinceTrainings(db, member.province, member.type, year, shanghaiDate(now)),
  });

  const window = studyWindowState(ruleSet, now);
  const f = forecastPlan({
    remainingSeconds: plan.totalSeconds,
    watchedSeconds: activity.watchedSeconds,
    firstActivityAt: activity.firstReportAt,
    now,
    closedAt: window.closedAt,
  });
  const closesOn = ruleSet.studyWindow.closes;
  const finishOn = f.finishAt ? shanghaiDate(f.finishAt) : null;
  const forecast: PlanForecast = {
    paceMinutesPerWeek: f.paceMinutesPerWeek,
    finishOn,
    closesOn,
    onTrack: f.onTrack,
    neededMinutesPerWeek: f.neededMinutesPerWeek,
    warning: warningOf(f, finishOn, closesOn, window.status === 'closed'),
  };
  const byLesson = new Map(lessonRows.map((r) => [r.lessonId as number, r]));
  const unmetMax = Math.max(0, ...plan.unmet.map((u) => u.hundredths));
  const shortfall = Math.max(
    0,
    requirement.total -
      (ruleSet.onlineCap === null ? online : Math.min(online, ruleSet.onlineCap)) -
      faceToFace -
      output,
  );
  return {
    response: {
      year,
      institute: choice ? { id: choice.institute.id, name: choice.institute.name } : null,
      payFirst: plan.payFirst,
      target: { hours: hours(plan.target.hours), ethics: hours(plan.target.ethics) },
      lessons: plan.lessons.map((l) => {
        const r = byLesson.get(l.lessonId);
        return {
          lessonId: l.lessonId,
          courseId: l.courseId,
          course: r?.title ?? '',
          lesson: r?.lessonTitle ?? '',
          kind: l.kind,
          ethics: l.ethics,
          hours: hours(l.hundredths),
          minutes: minutes(l.seconds),
          evaluateOnly: l.evaluateOnly,
        };
      }),
      totalMinutes: minutes(plan.totalSeconds),
      totalHours: hours(plan.totalHundredths),
      countedHours: hours(plan.countedHundredths),
      ethicsHours: hours(plan.ethicsHundredths),
      unmet: plan.unmet.map((u) => ({
        kind: u.kind,
        what: u.what,
        hours: hours(u.hundredths),
        options: u.options,
      })),
      closes: plan.closes,
      forecast,
    },
    forecast: {
      memberId,
      year,
      provinceCode: member.province,
      memberType: member.type,
      shortfallHundredths: shortfall,
      ethicsShortfallHundredths: Math.max(0, requirement.ethics - ethics),
      planHundredths: plan.countedHundredths,
      unmetHundredths: unmetMax,
      remainingSeconds: plan.totalSeconds,
      paceMinutesPerWeek: f.paceMinutesPerWeek,
      neededMinutesPerWeek: f.neededMinutesPerWeek,
      finishOn,
      onTrack: f.onTrack,
      fallsShort: f.onTrack === false || unmetMax > 0,
      computedAt: now,
    },
  };
}

function warningOf(
  f: ReturnType<typeof forecastPlan>,
  finishOn: string | null,
  closesOn: string,
  closed: boolean,
): string | null {
  if (f.onTrack !== false) return null;
  if (closed) return `本年度网络学习已于 ${closesOn} 截止，计划中的课程已无法在本年度学完`;
  return `按目前每周约 ${f.paceMinutesPerWeek} 分钟的进度，预计 ${finishOn} 才能学完计划课程，晚于 ${closesOn} 的学习截止日；需每周学习约 ${f.neededMinutesPerWeek} 分钟才能按时完成`;
}

export function planService(deps: Deps, rules: RulesService) {
  const { db, clock } = deps;
  async function ruleData(year: number) {
    const loaded = await rules.load(year);
    if (!loaded) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
    return loaded.data;
  }
  return {
    /** GET /api/me/plan: computed for the one member on each request (a few rows and one catalogue). */
    async forMember(memberId: number, year: number): Promise<PlanResponse> {
      const data = await ruleData(year);
      return db.transaction(
        async (tx) => (await memberPlan(tx, deps, data, memberId, year, clock.now())).response,
      );
    },

    /** The nightly forecasts counted by province. */
    async summary(year: number): Promise<PlanForecastSummary> {
      const rows = await forecastSummary(db, year);
      const computed = rows.map((r) => r.computedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
      return {
        year,
        computedAt: computed === 0 ? null : new Date(computed).toISOString(),
        provinces: rows.map(({ computedAt: _, ...r }) => r),
      };
    },
  };
}
