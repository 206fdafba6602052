import { formatHours, type Hundredths } from './hours.ts';
import type { ExactRequirement } from './requirement.ts';
import { OUTPUT_UNITS } from './rulesets/catalogue.ts';
import { MEMBER_TERMS } from './terms.ts';
import type { CatalogueItem, MemberType, RuleSet } from './types.ts';

/**
 * 学习计划: the shortest way through the year's online lessons (docs/domain.md 3.1, 3.4).
 *
 * The unit is the lesson. The plan is chosen by a lexicographic goal:
 *   1. as many countable hours from video as the rules allow (held to the online cap and to the total
 *      shortfall: hours beyond either count for nothing);
 *   2. then as many ethics hours as the ethics minimum still needs (ethics hours count even above the
 *      online cap);
 *   3. then the fewest seconds of watching.
 * Completed but unevaluated lessons come first at no cost (评价 is all they need). With
 * required-before-elective, a plan that holds an elective holds every unfinished required lesson.
 *
 * It is solved exactly by a 0/1 knapsack over states (counted online hours, ethics hours), both held
 * to their targets, with the minimum cost per state. Every figure is an integer (hundredths, seconds);
 * hours are divided by the greatest common divisor of the credits and targets first, which changes no
 * answer and keeps the state space small for real catalogues (credits in half or quarter hours). It
 * runs once over the required lessons only and once over every required lesson plus the electives.
 */

export interface PlanLessonInput {
  lessonId: number;
  courseId: number;
  kind: 'required' | 'elective';
  ethics: boolean;
  creditHundredths: Hundredths;
  durationSeconds: number;
  watchedSeconds: number;
  completed: boolean;
  evaluated: boolean;
}

/** What the member already holds, in hundredths. */
export interface PlanStanding {
  /** every online hour studied and evaluated (posted or pending), before the online cap */
  online: Hundredths;
  faceToFace: Hundredths;
  /** output hours that count (after the item and output caps) */
  output: Hundredths;
  /** ethics-tagged online and face-to-face hours */
  ethics: Hundredths;
}

export interface PlanInput {
  memberType: MemberType;
  ruleSet: Pick<
    RuleSet,
    'onlineCap' | 'requiredBeforeElective' | 'feeRequired' | 'outputCap' | 'faceToFaceMinimum'
  >;
  requirement: ExactRequirement;
  standing: PlanStanding;
  /** the chosen institute's catalogue of the year, in catalogue order */
  lessons: PlanLessonInput[];
  /** whether the year's fee is paid (asked only when the rule set requires a fee) */
  feePaid: boolean;
  /** video seconds played per second of wall clock */
  playbackRate: number;
  /** share of a lesson's duration that completes it */
  completionShare: number;
  /** output-hour catalogue items open to the member this year, for the options of unmet parts */
  outputItems?: CatalogueItem[];
  /** names of actual face-to-face trainings of the member's province (培训通知), when known */
  trainings?: string[];
}

export interface PlannedLesson {
  lessonId: number;
  courseId: number;
  kind: 'required' | 'elective';
  ethics: boolean;
  hundredths: Hundredths;
  /** wall-clock seconds of watching still needed (0 when only 评价 is missing) */
  seconds: number;
  /** completed but not evaluated: 评价 is all it needs */
  evaluateOnly: boolean;
}

export type UnmetKind = 'online_cap' | 'catalogue' | 'ethics' | 'face_to_face';

export interface UnmetPart {
  kind: UnmetKind;
  /** one plain Chinese line with the figures */
  what: string;
  hundredths: Hundredths;
  /** what else counts for this part */
  options: string[];
}

export interface PlanRun {
  name: 'required' | 'required+elective' | 'all';
  /** states of the dynamic program (hours states x ethics states) */
  states: number;
  /** lessons the run decided on */
  items: number;
}

export interface Plan {
  /** a non-practicing member whose fee is unpaid pays first (交费) */
  payFirst: boolean;
  /** what video should still bring, before the plan: countable hours and ethics hours */
  target: { hours: Hundredths; ethics: Hundredths };
  lessons: PlannedLesson[];
  totalSeconds: number;
  /** credit of the planned lessons */
  totalHundredths: Hundredths;
  /** of which count toward the total (held to the target) */
  countedHundredths: Hundredths;
  ethicsHundredths: Hundredths;
  unmet: UnmetPart[];
  /** after the plan, nothing is left open */
  closes: boolean;
  runs: PlanRun[];
}

/** Wall-clock seconds still needed to complete a lesson, by the completion share and playback rate. */
export function remainingSeconds(
  lesson: Pick<PlanLessonInput, 'durationSeconds' | 'watchedSeconds' | 'completed'>,
  completionShare: number,
  playbackRate: number,
): number {
  if (lesson.completed) return 0;
  const needed = Math.ceil(lesson.durationSeconds * completionShare - 1e-9);
  return Math.ceil(Math.max(0, needed - lesson.watchedSeconds) / playbackRate - 1e-9);
}

const gcd = (a: number, b: number): number => {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
};

interface Item {
  index: number;
  h: number;
  e: number;
  cost: number;
}

interface RunResult {
  /** objective of the best state: counted hours, ethics, cost (scaled units) */
  hours: number;
  ethics: number;
  cost: number;
  chosen: number[];
  states: number;
}

/**
 * 0/1 knapsack over (hours held to H, ethics held to E), minimising cost per state, starting at
 * (h0, e0) with cost c0. Returns the best state by (hours, ethics, -cost) and the items taken.
 */
function knapsack(items: Item[], H: number, E: number, h0: number, e0: number, c0: number): RunResult {
  const W = E + 1;
  const size = (H + 1) * W;
  const cost = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const start = Math.min(h0, H) * W + Math.min(e0, E);
  cost[start] = c0;
  const words = (size + 31) >>> 5;
  const took: Uint32Array[] = [];
  const capped: Map<number, number>[] = [];
  for (const item of items) {
    const bits = new Uint32Array(words);
    const from = new Map<number, number>();
    for (let s = size - 1; s >= 0; s--) {
      const c = cost[s] as number;
      if (c === Number.POSITIVE_INFINITY) continue;
      const hi = (s / W) | 0;
      const ei = s - hi * W;
      const nh = Math.min(hi + item.h, H);
      const ne = Math.min(ei + item.e, E);
      const t = nh * W + ne;
      const nc = c + item.cost;
      if (t !== s && nc < (cost[t] as number)) {
        cost[t] = nc;
        bits[t >>> 5] = (bits[t >>> 5] as number) | (1 << (t & 31));
        if (nh !== hi + item.h || ne !== ei + item.e) from.set(t, s);
        else from.delete(t);
      }
    }
    took.push(bits);
    capped.push(from);
  }
  let best = start;
  for (let s = 0; s < size; s++) {
    const c = cost[s] as number;
    if (c === Number.POSITIVE_INFINITY) continue;
    const bh = (best / W) | 0;
    const hi = (s / W) | 0;
    const better =
      hi > bh ||
      (hi === bh && s - hi * W > best - bh * W) ||
      (hi === bh && s - hi * W === best - bh * W && c < (cost[best] as number));
    if (better) best = s;
  }
  const chosen: number[] = [];
  let s = best;
  for (let k = items.length - 1; k >= 0; k--) {
    const bits = took[k] as Uint32Array;
    if (((bits[s >>> 5] as number) & (1 << (s & 31))) === 0) continue;
    const item = items[k] as Item;
    chosen.push(item.index);
    s = capped[k]?.get(s) ?? s - item.h * W - item.e;
  }
  const bh = (best / W) | 0;
  return { hours: bh, ethics: best - bh * W, cost: cost[best] as number, chosen, states: size };
}

const better = (a: RunResult, b: RunResult) =>
  a.hours !== b.hours ? a.hours > b.hours : a.ethics !== b.ethics ? a.ethics > b.ethics : a.cost < b.cost;

/** The video plan and what video cannot do; see the file comment. */
export function planStudy(input: PlanInput): Plan {
  const { ruleSet, requirement: req, standing } = input;
  const onlineCounted =
    ruleSet.onlineCap === null ? standing.online : Math.min(standing.online, ruleSet.onlineCap);
  const totalNeed = Math.max(0, req.total - onlineCounted - standing.faceToFace - standing.output);
  const onlineRoom =
    ruleSet.onlineCap === null ? Number.POSITIVE_INFINITY : Math.max(0, ruleSet.onlineCap - standing.online);
  const target = {
    hours: Math.min(totalNeed, onlineRoom),
    ethics: Math.max(0, req.ethics - standing.ethics),
  };

  const open = input.lessons.filter((l) => !l.evaluated);
  const free = open.filter((l) => l.completed);
  const freeHours = free.reduce((s, l) => s + l.creditHundredths, 0);
  const freeEthics = free.filter((l) => l.ethics).reduce((s, l) => s + l.creditHundredths, 0);
  const H0 = Math.max(0, target.hours - freeHours);
  const E0 = Math.max(0, target.ethics - freeEthics);

  const todo = open.filter((l) => !l.completed);
  const seconds = todo.map((l) => remainingSeconds(l, input.completionShare, input.playbackRate));
  const g = [H0, E0, ...todo.map((l) => l.creditHundredths)].reduce(gcd, 0) || 1;
  const H = H0 / g;
  const E = E0 / g;
  const items: Item[] = todo.map((l, index) => ({
    index,
    h: l.creditHundredths / g,
    e: l.ethics ? l.creditHundredths / g : 0,
    cost: seconds[index] as number,
  }));
  const required = items.filter((i) => todo[i.index]?.kind === 'required');
  const electives = items.filter((i) => todo[i.index]?.kind === 'elective');

  const runs: PlanRun[] = [];
  let result: RunResult;
  if (!ruleSet.requiredBeforeElective) {
    result = knapsack(items, H, E, 0, 0, 0);
    runs.push({ name: 'all', states: result.states, items: items.length });
  } else {
    result = knapsack(required, H, E, 0, 0, 0);
    runs.push({ name: 'required', states: result.states, items: required.length });
    if (electives.length > 0) {
      const rh = required.reduce((s, i) => s + i.h, 0);
      const re = required.reduce((s, i) => s + i.e, 0);
      const rc = required.reduce((s, i) => s + i.cost, 0);
      const withElectives = knapsack(electives, H, E, rh, re, rc);
      withElectives.chosen.push(...required.map((i) => i.index));
      runs.push({ name: 'required+elective', states: withElectives.states, items: electives.length });
      if (better(withElectives, result)) result = withElectives;
    }
  }

  const chosen = new Set(result.chosen);
  const lessons: PlannedLesson[] = [
    ...free.map((l) => planned(l, 0, true)),
    ...todo.flatMap((l, i) => (chosen.has(i) ? [planned(l, seconds[i] as number, false)] : [])),
  ];
  const sum = (xs: PlannedLesson[]) => xs.reduce((s, l) => s + l.hundredths, 0);
  const totalHundredths = sum(lessons);
  const countedHundredths = Math.min(totalHundredths, target.hours);
  const ethicsHundredths = sum(lessons.filter((l) => l.ethics));
  const unmet = unmetParts(input, {
    totalNeed,
    onlineRoom,
    counted: countedHundredths,
    ethicsLeft: Math.max(0, target.ethics - ethicsHundredths),
  });
  return {
    payFirst: ruleSet.feeRequired && !input.feePaid,
    target,
    lessons,
    totalSeconds: lessons.reduce((s, l) => s + l.seconds, 0),
    totalHundredths,
    countedHundredths,
    ethicsHundredths,
    unmet,
    closes: unmet.length === 0,
    runs,
  };
}

function planned(l: PlanLessonInput, seconds: number, evaluateOnly: boolean): PlannedLesson {
  return {
    lessonId: l.lessonId,
    courseId: l.courseId,
    kind: l.kind,
    ethics: l.ethics,
    hundredths: l.creditHundredths,
    seconds,
    evaluateOnly,
  };
}

const FACE_TO_FACE_GENERIC = '参加本省地方注协组织的面授培训（见培训通知），面授学时全额计入';

function faceToFaceOptions(trainings: string[], ethics: boolean): string[] {
  const generic = ethics
    ? '参加含职业道德内容的面授培训（见培训通知），职业道德学时按面授学时计入'
    : FACE_TO_FACE_GENERIC;
  return [generic, ...trainings.map((t) => `面授培训：${t}`)];
}

/** "第十八条（九）b 项：……，每篇 8 学时，年度最多 24 学时" for each item still open. */
function outputOptions(input: PlanInput, room: Hundredths): string[] {
  if (room <= 0) return [];
  const terms = MEMBER_TERMS[input.memberType];
  const items = (input.outputItems ?? []).filter((i) => i.memberTypes.includes(input.memberType));
  const capLine =
    input.ruleSet.outputCap === null
      ? ''
      : `（${terms.output}学时全年最多计 ${formatHours(input.ruleSet.outputCap)} 学时）`;
  return items.map(
    (i) =>
      `${terms.output}学时 ${i.article}：${i.description}，${OUTPUT_UNITS[i.unit].label} ${formatHours(i.rate)} 学时，年度最多 ${formatHours(i.yearlyCap)} 学时${capLine}`,
  );
}

function unmetParts(
  input: PlanInput,
  x: { totalNeed: Hundredths; onlineRoom: number; counted: Hundredths; ethicsLeft: Hundredths },
): UnmetPart[] {
  const { ruleSet, requirement: req, standing } = input;
  const trainings = input.trainings ?? [];
  const outputRoom =
    ruleSet.outputCap === null ? Number.POSITIVE_INFINITY : Math.max(0, ruleSet.outputCap - standing.output);
  const parts: UnmetPart[] = [];
  const otherOptions = (left: Hundredths) => [
    ...faceToFaceOptions(trainings, false),
    ...outputOptions(input, Math.min(outputRoom, left)),
  ];
  const target = Math.min(x.totalNeed, x.onlineRoom);
  const overCap = x.totalNeed - target;
  if (overCap > 0) {
    parts.push({
      kind: 'online_cap',
      what: `网络培训学时全年最多计 ${formatHours(ruleSet.onlineCap ?? 0)} 学时，视频课程之外还需 ${formatHours(overCap)} 学时`,
      hundredths: overCap,
      options: otherOptions(overCap),
    });
  }
  const short = target - x.counted;
  if (short > 0) {
    parts.push({
      kind: 'catalogue',
      what: `所选学院本年度可学的课程学完后，网络培训仍差 ${formatHours(short)} 学时`,
      hundredths: short,
      options: otherOptions(short),
    });
  }
  if (x.ethicsLeft > 0) {
    parts.push({
      kind: 'ethics',
      what: `所选学院的职业道德课程学完后，职业道德仍差 ${formatHours(x.ethicsLeft)} 学时`,
      hundredths: x.ethicsLeft,
      options: faceToFaceOptions(trainings, true),
    });
  }
  const faceToFaceLeft = Math.max(0, req.faceToFace - standing.faceToFace);
  if (faceToFaceLeft > 0) {
    parts.push({
      kind: 'face_to_face',
      what: `本省要求面授不少于 ${formatHours(req.faceToFace)} 学时，还需面授 ${formatHours(faceToFaceLeft)} 学时（网络课程不能替代）`,
      hundredths: faceToFaceLeft,
      options: faceToFaceOptions(trainings, false),
    });
  }
  return parts;
}

export interface ForecastInput {
  /** wall-clock seconds of the plan still to watch */
  remainingSeconds: number;
  /** seconds watched this year so far (every lesson) */
  watchedSeconds: number;
  /** first progress report of the year, or null when the member has not started */
  firstActivityAt: Date | null;
  now: Date;
  /** first instant after the year's study window */
  closedAt: Date;
}

export interface Forecast {
  /** minutes watched per week since the first lesson of the year; null without activity */
  paceMinutesPerWeek: number | null;
  /** when the plan would be done at that pace; null without a pace or with nothing left */
  finishAt: Date | null;
  /** true: done (or will be) before the window closes; false: will not; null: no pace to tell */
  onTrack: boolean | null;
  /** minutes per week the rest of the plan needs until the window closes; null when closed */
  neededMinutesPerWeek: number | null;
  weeksLeft: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
const oneDecimal = (x: number) => Math.ceil(x * 10 - 1e-9) / 10;

/** The member's pace and when the plan would be finished at it (pure: `now` is a parameter). */
export function forecastPlan(input: ForecastInput): Forecast {
  const now = input.now.getTime();
  const weeksLeft = Math.max(0, (input.closedAt.getTime() - now) / WEEK_MS);
  const remainingMinutes = input.remainingSeconds / 60;
  // A first week counts as a whole week, so a first evening of study is not read as a huge pace.
  const weeksSince =
    input.firstActivityAt === null ? 0 : Math.max(1, (now - input.firstActivityAt.getTime()) / WEEK_MS);
  const pace =
    input.firstActivityAt === null || input.watchedSeconds <= 0
      ? null
      : input.watchedSeconds / 60 / weeksSince;
  const neededMinutesPerWeek = weeksLeft > 0 ? oneDecimal(remainingMinutes / weeksLeft) : null;
  if (input.remainingSeconds <= 0) {
    return {
      paceMinutesPerWeek: pace === null ? null : oneDecimal(pace),
      finishAt: null,
      onTrack: true,
      neededMinutesPerWeek: 0,
      weeksLeft,
    };
  }
  if (pace === null)
    return {
      paceMinutesPerWeek: null,
      finishAt: null,
      onTrack: weeksLeft > 0 ? null : false,
      neededMinutesPerWeek,
      weeksLeft,
    };
  const finishAt = new Date(now + (remainingMinutes / pace) * WEEK_MS);
  return {
    paceMinutesPerWeek: oneDecimal(pace),
    finishAt,
    onTrack: finishAt.getTime() < input.closedAt.getTime(),
    neededMinutesPerWeek,
    weeksLeft,
  };
}
