/**
 * The tracked-video rules (INV-5) for one member's progress on one lesson, as a pure function. All
 * figures are integer milliseconds so sums are exact; positions count in whole seconds.
 *
 * - A report is the interval [from, to] of the video the player says it just played. Both ends are
 *   rounded down to a whole second, so consecutive reports ([a, b] then [b, c]) still join, and the
 *   watched list holds whole seconds only: it stays short however many tiny reports arrive.
 * - New coverage is credited only up to `budgetMs`, the member's budget for this report (the member's
 *   watch clock decides it, see watch-budget.ts), in whole seconds.
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
}

export interface MergeParams {
  durationMs: number;
  toleranceMs: number;
  completionShare: number;
  roundingMs: number;
}

export interface Report {
  fromMs: number;
  toMs: number;
}

export interface MergeResult {
  state: MergeState;
  /** new coverage credited by this report */
  creditedMs: number;
  coverageMs: number;
  completed: boolean;
}

export const SECOND_MS = 1000;

export const emptyState = (): MergeState => ({ intervals: [], furthestMs: 0, positionMs: 0 });

/** Rounds down to a whole second within [lo, hi]. */
const snap = (x: number, lo: number, hi: number) =>
  Math.min(hi, Math.max(lo, Math.floor(x / SECOND_MS) * SECOND_MS));

export const coverageOf = (intervals: Interval[]) => intervals.reduce((s, [a, b]) => s + (b - a), 0);

/** The parts of [from, to] not yet covered, in order. */
function uncovered(intervals: Interval[], from: number, to: number): Interval[] {
  const gaps: Interval[] = [];
  let cursor = from;
  for (const [a, b] of intervals) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) gaps.push([cursor, a]);
    cursor = b;
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

export function mergeReport(
  state: MergeState,
  report: Report,
  budgetMs: number,
  p: MergeParams,
): MergeResult {
  const from = snap(Math.min(report.fromMs, report.toMs), 0, p.durationMs);
  const to = snap(report.toMs, from, p.durationMs);

  const credited: Interval[] = [];
  if (from <= state.furthestMs + p.toleranceMs) {
    let left = Math.floor(budgetMs / SECOND_MS) * SECOND_MS;
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
    state: { intervals, furthestMs, positionMs: Math.min(to, furthestMs) },
    creditedMs,
    coverageMs,
    completed: isComplete(coverageMs, p),
  };
}
