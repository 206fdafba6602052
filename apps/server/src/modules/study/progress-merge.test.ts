import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coverageOf,
  emptyState,
  type Interval,
  isComplete,
  type MergeParams,
  type MergeState,
  mergeReport,
  union,
} from './progress-merge.ts';

const params = (over: Partial<MergeParams> = {}): MergeParams => ({
  durationMs: 60_000,
  toleranceMs: 2_000,
  completionShare: 1,
  roundingMs: 1_000,
  ...over,
});

const floorS = (ms: number) => Math.floor(ms / 1000) * 1000;

/** A report with the budget the member's clock gave it. */
const report = fc.record({
  fromMs: fc.integer({ min: -5_000, max: 130_000 }),
  lenMs: fc.integer({ min: -2_000, max: 60_000 }),
  budgetMs: fc.integer({ min: 0, max: 20_000 }),
});

const run = (reports: { fromMs: number; lenMs: number; budgetMs: number }[], p: MergeParams) => {
  let state: MergeState = emptyState();
  const reported: Interval[] = [];
  let credited = 0;
  let budget = 0;
  for (const r of reports) {
    const res = mergeReport(state, { fromMs: r.fromMs, toMs: r.fromMs + r.lenMs }, r.budgetMs, p);
    expect(res.creditedMs).toBeLessThanOrEqual(floorS(r.budgetMs));
    expect(res.creditedMs % 1000).toBe(0);
    credited += res.creditedMs;
    budget += r.budgetMs;
    if (r.lenMs > 0) reported.push([r.fromMs, r.fromMs + r.lenMs]);
    state = res.state;
  }
  return { state, credited, budget, reported };
};

describe('progress merge (INV-5)', () => {
  it('credits at most the budget, in whole seconds, and keeps coverage equal to what was credited', () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 40 }), (reports) => {
        const p = params({ durationMs: 120_000 });
        const { state, credited, budget } = run(reports, p);
        expect(credited).toBe(coverageOf(state.intervals));
        expect(credited).toBeLessThanOrEqual(budget);
        for (const [a, b] of state.intervals) {
          expect(a % 1000).toBe(0);
          expect(b % 1000).toBe(0);
          expect(b).toBeGreaterThan(a);
          expect(b).toBeLessThanOrEqual(p.durationMs);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never credits a part not reported (to the second), nor a part skipped by seeking ahead', () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 40 }), (reports) => {
        const p = params({ durationMs: 120_000 });
        const { state, reported } = run(reports, p);
        const played = union(
          [],
          reported.map(([a, b]) => [floorS(Math.max(0, a)), floorS(b)]),
        );
        for (const [a, b] of state.intervals) {
          expect(played.some(([x, y]) => x <= a && b <= y)).toBe(true);
        }
        // coverage grows only from the start and the furthest point: no gap longer than the tolerance
        let end = 0;
        for (const [a, b] of state.intervals) {
          expect(a - end).toBeLessThanOrEqual(p.toleranceMs);
          end = b;
        }
        expect(state.furthestMs).toBe(end);
        expect(state.positionMs).toBeLessThanOrEqual(state.furthestMs);
      }),
      { numRuns: 500 },
    );
  });

  it('credits every whole second of new coverage the budget allows (never less)', () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 40 }), (reports) => {
        const p = params({ durationMs: 120_000 });
        let state = emptyState();
        for (const r of reports) {
          const res = mergeReport(state, { fromMs: r.fromMs, toMs: r.fromMs + r.lenMs }, r.budgetMs, p);
          const from = Math.min(p.durationMs, floorS(Math.max(0, Math.min(r.fromMs, r.fromMs + r.lenMs))));
          const to = Math.min(p.durationMs, Math.max(from, floorS(r.fromMs + r.lenMs)));
          const fresh = coverageOf(union(state.intervals, [[from, to]])) - coverageOf(state.intervals);
          const allowed = from <= state.furthestMs + p.toleranceMs ? Math.min(fresh, floorS(r.budgetMs)) : 0;
          expect(res.creditedMs).toBe(allowed);
          state = res.state;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('credits a real-time viewing exactly: every whole second played, across pauses and rewinds', () => {
    const p = params({ durationMs: 45_000 });
    // played 0-12.4 (pause), 12.4-30.7, back to 5.2, 5.2-45
    const plays: Interval[] = [
      [0, 10_000],
      [10_000, 12_400],
      [12_400, 22_400],
      [22_400, 30_700],
      [5_200, 15_200],
      [15_200, 25_200],
      [25_200, 35_200],
      [35_200, 45_000],
    ];
    let state = emptyState();
    let last = mergeReport(state, { fromMs: 0, toMs: 0 }, 2_000, p);
    for (const [a, b] of plays) {
      state = last.state;
      last = mergeReport(state, { fromMs: a, toMs: b }, b - a + 2_000, p);
    }
    expect(last.state.intervals).toEqual([[0, 45_000]]);
    expect(last.coverageMs).toBe(45_000);
    expect(last.completed).toBe(true);
  });

  it('credits nothing past the budget and keeps the rest for later reports', () => {
    const r = mergeReport(emptyState(), { fromMs: 0, toMs: 30_000 }, 2_000, params());
    expect(r.creditedMs).toBe(2_000);
    expect(r.state.furthestMs).toBe(2_000);
    expect(r.state.positionMs).toBe(2_000);
    expect(r.completed).toBe(false);
    const part = mergeReport(emptyState(), { fromMs: 0, toMs: 30_000 }, 2_999, params());
    expect(part.creditedMs).toBe(2_000);
  });

  it('ignores an interval beyond the furthest point and credits nothing for going back', () => {
    const p = params();
    const b = mergeReport(emptyState(), { fromMs: 0, toMs: 10_000 }, 12_000, p);
    expect(b.creditedMs).toBe(10_000);
    const ahead = mergeReport(b.state, { fromMs: 30_000, toMs: 40_000 }, 12_000, p);
    expect(ahead.creditedMs).toBe(0);
    expect(ahead.state.positionMs).toBe(10_000);
    const near = mergeReport(b.state, { fromMs: 12_000, toMs: 14_000 }, 12_000, p);
    expect(near.creditedMs).toBe(2_000);
    expect(near.state.intervals).toEqual([
      [0, 10_000],
      [12_000, 14_000],
    ]);
    const beyond = mergeReport(b.state, { fromMs: 13_000, toMs: 14_000 }, 12_000, p);
    expect(beyond.creditedMs).toBe(0);
    const back = mergeReport(ahead.state, { fromMs: 0, toMs: 10_000 }, 12_000, p);
    expect(back.creditedMs).toBe(0);
    expect(back.state.positionMs).toBe(10_000);
    const fill = mergeReport(near.state, { fromMs: 5_000, toMs: 13_000 }, 12_000, p);
    expect(fill.creditedMs).toBe(2_000);
    expect(fill.state.intervals).toEqual([[0, 14_000]]);
  });

  it('rounds both ends down to whole seconds and credits nothing for a backwards interval', () => {
    const p = params();
    const r = mergeReport(emptyState(), { fromMs: 999, toMs: 5_999 }, 10_000, p);
    expect(r.state.intervals).toEqual([[0, 5_000]]);
    const rev = mergeReport(emptyState(), { fromMs: 4_500, toMs: 1_500 }, 10_000, p);
    expect(rev.creditedMs).toBe(0);
    expect(rev.state.positionMs).toBe(0);
    const end = mergeReport(emptyState(), { fromMs: -3_000, toMs: 90_000 }, 100_000, p);
    expect(end.state.intervals).toEqual([[0, 60_000]]);
    expect(end.completed).toBe(true);
  });

  it('keeps 6,000 one-millisecond reports from growing the list', () => {
    const p = params({ durationMs: 3_600_000 });
    let state = emptyState();
    for (let i = 0; i < 6_000; i++) {
      const at = i * 2;
      state = mergeReport(state, { fromMs: at, toMs: at + 1 }, 10_000, p).state;
    }
    expect(state.intervals.length).toBeLessThanOrEqual(1);
    // one millisecond across each second's end: every report adds that whole second to one interval
    for (let k = 1; k <= 3_600; k++) {
      state = mergeReport(state, { fromMs: k * 1000 - 1, toMs: k * 1000 }, 10_000, p).state;
      expect(state.intervals.length).toBe(1);
    }
    expect(state.intervals).toEqual([[0, 3_600_000]]);
  });

  it('completes at the configured share with the rounding tolerance', () => {
    const p = params({ durationMs: 20_000, completionShare: 0.9 });
    expect(mergeReport(emptyState(), { fromMs: 0, toMs: 17_000 }, 20_000, p).completed).toBe(true);
    expect(mergeReport(emptyState(), { fromMs: 0, toMs: 16_999 }, 20_000, p).completed).toBe(false);
    expect(isComplete(17_000, p)).toBe(true);
    expect(isComplete(16_999, p)).toBe(false);
    expect(isComplete(59_000, params())).toBe(true);
    expect(isComplete(58_999, params())).toBe(false);
  });

  it('merges touching and overlapping intervals and drops empty ones', () => {
    expect(
      union(
        [
          [0, 2],
          [5, 6],
        ],
        [
          [2, 3],
          [4, 5],
          [7, 7],
          [9, 8],
        ],
      ),
    ).toEqual([
      [0, 3],
      [4, 6],
    ]);
    expect(union([[0, 10]], [[2, 3]])).toEqual([[0, 10]]);
  });
});
