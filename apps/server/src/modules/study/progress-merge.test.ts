import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coverageOf,
  emptyState,
  type Interval,
  type MergeParams,
  type MergeState,
  mergeReport,
  union,
} from './progress-merge.ts';

const params = (over: Partial<MergeParams> = {}): MergeParams => ({
  durationMs: 60_000,
  rate: 1,
  toleranceMs: 2_000,
  maxGapMs: 60_000,
  completionShare: 1,
  roundingMs: 1_000,
  ...over,
});

/** A heartbeat: wait `waitMs`, then report [from, to]. */
const heartbeat = fc.record({
  waitMs: fc.integer({ min: 0, max: 90_000 }),
  fromMs: fc.integer({ min: -5_000, max: 130_000 }),
  lenMs: fc.integer({ min: -2_000, max: 60_000 }),
});

const run = (beats: { waitMs: number; fromMs: number; lenMs: number }[], p: MergeParams) => {
  let state: MergeState = emptyState();
  let at = 1_700_000_000_000;
  const first = at;
  const reported: Interval[] = [];
  let credited = 0;
  for (const b of beats) {
    at += b.waitMs;
    const r = mergeReport(state, { fromMs: b.fromMs, toMs: b.fromMs + b.lenMs, at }, p);
    credited += r.creditedMs;
    if (b.lenMs > 0) reported.push([b.fromMs, b.fromMs + b.lenMs]);
    state = r.state;
  }
  return { state, credited, wallMs: at - first, reported };
};

describe('progress merge (INV-5)', () => {
  it('never credits more than wall-clock time x rate plus the tolerance', () => {
    fc.assert(
      fc.property(
        fc.array(heartbeat, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1, 1.25, 2),
        (beats, rate) => {
          const p = params({ rate, durationMs: 120_000 });
          const { state, credited, wallMs } = run(beats, p);
          expect(credited).toBe(coverageOf(state.intervals));
          expect(credited).toBeLessThanOrEqual(wallMs * rate + p.toleranceMs);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never credits a part that was not reported, nor a part skipped by seeking ahead', () => {
    fc.assert(
      fc.property(fc.array(heartbeat, { minLength: 1, maxLength: 40 }), (beats) => {
        const p = params({ durationMs: 120_000 });
        const { state, reported } = run(beats, p);
        const played = union([], reported);
        // every credited interval lies inside what the player reported
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
        expect(state.slackMs).toBeGreaterThanOrEqual(0);
        expect(state.slackMs).toBeLessThanOrEqual(p.toleranceMs);
      }),
      { numRuns: 500 },
    );
  });

  it('completes an honest viewing that starts with a zero-length report and beats every 10 s', () => {
    const p = params({ durationMs: 45_000 });
    let state = emptyState();
    let at = 0;
    let result = mergeReport(state, { fromMs: 0, toMs: 0, at }, p);
    for (let pos = 0; pos < 45_000; pos += 10_000) {
      state = result.state;
      at += Math.min(10_000, 45_000 - pos);
      result = mergeReport(state, { fromMs: pos, toMs: Math.min(pos + 10_000, 45_000), at }, p);
    }
    expect(result.coverageMs).toBe(45_000);
    expect(result.completed).toBe(true);
  });

  it('credits the first report of a viewing only up to the tolerance', () => {
    const r = mergeReport(emptyState(), { fromMs: 0, toMs: 30_000, at: 0 }, params());
    expect(r.creditedMs).toBe(2_000);
    expect(r.state.furthestMs).toBe(2_000);
    expect(r.completed).toBe(false);
  });

  it('ignores an interval beyond the furthest point and credits nothing for going back', () => {
    const p = params();
    const a = mergeReport(emptyState(), { fromMs: 0, toMs: 0, at: 0 }, p);
    const b = mergeReport(a.state, { fromMs: 0, toMs: 10_000, at: 10_000 }, p);
    expect(b.creditedMs).toBe(10_000);
    const ahead = mergeReport(b.state, { fromMs: 30_000, toMs: 40_000, at: 20_000 }, p);
    expect(ahead.creditedMs).toBe(0);
    expect(ahead.state.positionMs).toBe(10_000);
    const back = mergeReport(ahead.state, { fromMs: 0, toMs: 10_000, at: 30_000 }, p);
    expect(back.creditedMs).toBe(0);
    expect(back.state.positionMs).toBe(10_000);
  });

  it('treats a pause longer than the gap limit as a new viewing', () => {
    const p = params();
    const a = mergeReport(emptyState(), { fromMs: 0, toMs: 0, at: 0 }, p);
    const b = mergeReport(a.state, { fromMs: 0, toMs: 10_000, at: 10_000 }, p);
    const late = mergeReport(b.state, { fromMs: 10_000, toMs: 50_000, at: 10_000 + 3_600_000 }, p);
    expect(late.creditedMs).toBe(2_000);
  });

  it('completes at the configured share with the rounding tolerance', () => {
    const p = params({ durationMs: 20_000, completionShare: 0.9 });
    const a = mergeReport(emptyState(), { fromMs: 0, toMs: 0, at: 0 }, p);
    const b = mergeReport(a.state, { fromMs: 0, toMs: 17_000, at: 17_000 }, p);
    expect(b.completed).toBe(true);
    const c = mergeReport(a.state, { fromMs: 0, toMs: 16_900, at: 16_900 }, p);
    expect(c.completed).toBe(false);
  });
});
