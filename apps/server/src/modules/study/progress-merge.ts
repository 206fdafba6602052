/**
 * The tracked-video rules (INV-5) as a pure function over one member's progress on one lesson. All
 * figures are integer milliseconds so sums are exact.
 *
 * - A report is the interval [from, to] of the video the player says it just played.
 * - New coverage is credited only up to a budget: the wall-clock time since the previous accepted report
 *   times the playback rate, plus unused tolerance carried over (at most `toleranceMs`). The first report
 *   of a viewing (no previous report, or a gap longer than `maxGapMs`) has only the tolerance, so over
 *   any sequence of reports the credited time is at most (last - first report time) × rate + tolerance.
 * - An interval starting beyond the furthest watched point plus the tolerance is a seek ahead: nothing
 *   of it counts. Going back is free and credits nothing new.
 * - Complete when coverage reaches `completionShare` of the duration, less `roundingMs`.
 */

export type Interval = [number, number];

export interface MergeState {
  /** merged, sorted, disjoint watched intervals */
  intervals: Interval[];
  furthestMs: number;
  positionMs: number;
  /** unused tolerance carried to the next report, 0..toleranceMs */
  slackMs: number;
  /** epoch ms of the previous accepted report */
  lastReportAt: number | null;
}

export interface MergeParams {
  durationMs: number;
  rate: number;
  toleranceMs: number;
  maxGapMs: number;
  completionShare: number;
  roundingMs: number;
}

export interface Report {
  fromMs: number;
  toMs: number;
  /** epoch ms when the server received it */
  at: number;
}

export interface MergeResult {
  state: MergeState;
  /** new coverage credited by this report */
  creditedMs: number;
  coverageMs: number;
  completed: boolean;
}

export const emptyState = (): MergeState => ({
  intervals: [],
  furthestMs: 0,
  positionMs: 0,
  slackMs: 0,
  lastReportAt: null,
});

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(x)));

export const coverageOf = (intervals: Interval[]) => intervals.reduce((s, [a, b]) => s + (b - a), 0);

/** The parts of [from, to] not yet covered, in order. */
function uncovered(intervals: Interval[], from: number, to: number): Interval[] {
  const gaps: Interval[] = [];
  let cursor = from;
  for (const [a, b] of intervals) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) gaps.push([cursor, Math.min(a, to)]);
    cursor = Math.max(cursor, b);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push([cursor, to]);
  return gaps;
}

/** Adds intervals and merges touching or overlapping ones. */
export function union(intervals: Interval[], added: Interval[]): Interval[] {
  const all = [...intervals, ...added].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of all) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function isComplete(coverageMs: number, p: MergeParams): boolean {
  return coverageMs >= Math.ceil(p.durationMs * p.completionShare) - p.roundingMs;
}

export function mergeReport(state: MergeState, report: Report, p: MergeParams): MergeResult {
  const from = clamp(Math.min(report.fromMs, report.toMs), 0, p.durationMs);
  const to = clamp(report.toMs, from, p.durationMs);
  const last = state.lastReportAt;
  const elapsed = last === null ? null : Math.max(0, report.at - last);
  const newViewing = elapsed === null || elapsed > p.maxGapMs;
  const budget = newViewing ? p.toleranceMs : Math.floor(elapsed * p.rate) + state.slackMs;

  const credited: Interval[] = [];
  if (from <= state.furthestMs + p.toleranceMs) {
    let left = budget;
    for (const [a, b] of uncovered(state.intervals, from, to)) {
      if (left <= 0) break;
      const end = Math.min(b, a + left);
      credited.push([a, end]);
      left -= end - a;
    }
  }
  const creditedMs = coverageOf(credited);
  const intervals = union(state.intervals, credited);
  const furthestMs = Math.max(state.furthestMs, intervals[intervals.length - 1]?.[1] ?? 0);
  const coverageMs = coverageOf(intervals);
  return {
    state: {
      intervals,
      furthestMs,
      positionMs: Math.min(to, furthestMs),
      slackMs: Math.max(0, Math.min(p.toleranceMs, budget - creditedMs)),
      lastReportAt: last === null ? report.at : Math.max(last, report.at),
    },
    creditedMs,
    coverageMs,
    completed: isComplete(coverageMs, p),
  };
}
