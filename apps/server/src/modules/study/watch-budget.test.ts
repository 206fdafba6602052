import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coverageOf,
  emptyState,
  type Interval,
  type MergeState,
  mergeReport,
  union,
} from './progress-merge.ts';
import { admit, type BudgetParams, idleClock, settle, type WatchClock } from './watch-budget.ts';

/**
 * A model of one member: several lessons, several viewings (pages, devices), one watch clock, driven
 * through the same pure functions the server runs, on a clock the test sets.
 */
const T0 = 1_700_000_000_000;
const budget = (over: Partial<BudgetParams> = {}): BudgetParams => ({
  rate: 1,
  toleranceMs: 2_000,
  maxGapMs: 60_000,
  reportsPerSecond: 5,
  ...over,
});
const DURATION_MS = 300_000;
const mergeParams = { durationMs: DURATION_MS, toleranceMs: 2_000, completionShare: 1, roundingMs: 1_000 };

class Member {
  clock: WatchClock = idleClock();
  lessons = new Map<number, MergeState>();
  /** accepted reports: when, and what they credited */
  accepted: { at: number; creditedMs: number }[] = [];
  refused = { displaced: 0, rate_limited: 0 };

  constructor(readonly p: BudgetParams) {}

  report(lesson: number, viewingId: string | null, claim: boolean, at: number, fromMs: number, toMs: number) {
    const admission = admit(this.clock, { viewingId, claim, at }, this.p);
    if (admission.kind !== 'accepted') {
      this.refused[admission.kind]++;
      return admission.kind;
    }
    const state = this.lessons.get(lesson) ?? emptyState();
    const r = mergeReport(state, { fromMs, toMs }, admission.budgetMs, mergeParams);
    this.lessons.set(lesson, r.state);
    this.clock = settle(admission.clock, r.creditedMs, this.p);
    this.accepted.push({ at, creditedMs: r.creditedMs });
    return r.creditedMs;
  }

  coverage() {
    return [...this.lessons.values()].reduce((s, l) => s + coverageOf(l.intervals), 0);
  }
}

/** A step of a member with many pages open, some of them cheating. */
const step = fc.record({
  waitMs: fc.oneof(fc.integer({ min: 0, max: 1_500 }), fc.integer({ min: 0, max: 90_000 })),
  lesson: fc.integer({ min: 0, max: 7 }),
  viewing: fc.constantFrom('tab-a-0001', 'tab-b-0002', 'phone-0003', null),
  claim: fc.boolean(),
  fromMs: fc.integer({ min: 0, max: 320_000 }),
  lenMs: fc.integer({ min: 0, max: 90_000 }),
});

describe('the member watch clock (INV-5 per member)', () => {
  it('never credits one member more than wall-clock time x rate plus one tolerance, in any period', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 1.25, 2),
        fc.integer({ min: 1, max: 10 }),
        (steps, rate, reportsPerSecond) => {
          const p = budget({ rate, reportsPerSecond });
          const m = new Member(p);
          let at = T0;
          for (const s of steps) {
            at += s.waitMs;
            m.report(s.lesson, s.viewing, s.claim, at, s.fromMs, s.fromMs + s.lenMs);
            expect(m.clock.bankMs).toBeGreaterThanOrEqual(0);
            expect(m.clock.bankMs).toBeLessThanOrEqual(p.toleranceMs);
          }
          expect(m.coverage()).toBe(m.accepted.reduce((s, a) => s + a.creditedMs, 0));
          // every run of accepted reports i..j: credit <= (t_j - t_(i-1)) x rate + tolerance
          const a = m.accepted;
          let worst = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < a.length; i++) {
            let sum = 0;
            const start = i === 0 ? a[0]!.at : a[i - 1]!.at;
            for (let j = i; j < a.length; j++) {
              sum += a[j]!.creditedMs;
              worst = Math.max(worst, sum - (a[j]!.at - start) * rate);
            }
          }
          expect(worst).toBeLessThanOrEqual(p.toleranceMs);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts at most the configured reports in any one-second window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        (waits, reportsPerSecond) => {
          const m = new Member(budget({ reportsPerSecond }));
          let at = T0;
          for (const w of waits) {
            at += w;
            m.report(0, null, true, at, 0, 0);
          }
          const times = m.accepted.map((x) => x.at);
          for (let i = 0; i < times.length; i++) {
            const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
            expect(inWindow).toBeLessThanOrEqual(2 * reportsPerSecond);
          }
          // a fixed window: never more than the limit from the window's start
          expect(m.refused.rate_limited + m.accepted.length).toBe(waits.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('credits a member who watches in real time every whole second played, with pauses and rewinds', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('play' as const), seconds: fc.integer({ min: 1, max: 95 }) }),
      fc.record({ kind: fc.constant('pause' as const), seconds: fc.integer({ min: 1, max: 600 }) }),
      fc.record({ kind: fc.constant('rewind' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
      fc.record({ kind: fc.constant('switch' as const), seconds: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 8, maxLength: 8 }),
        (actions, offsetMs, latencies) => {
          const m = new Member(budget());
          let at = T0;
          let lesson = 0;
          let viewing = 0;
          const position = [offsetMs, offsetMs];
          const played: Interval[][] = [[], []];
          let n = 0;
          // a report reaches the server up to 300 ms late
          const send = (claim: boolean, from: number, to: number) => {
            const late = latencies[n++ % latencies.length]!;
            expect(m.report(lesson, `viewing-${viewing}`, claim, at + late, from, to)).toEqual(
              expect.any(Number),
            );
          };
          for (const a of actions) {
            if (a.kind === 'play') {
              let pos = position[lesson]!;
              send(true, pos, pos);
              const end = Math.min(DURATION_MS, pos + a.seconds * 1000);
              while (pos < end) {
                const next = Math.min(end, pos + 10_000);
                at += next - pos;
                send(false, pos, next);
                played[lesson]!.push([pos, next]);
                pos = next;
              }
              position[lesson] = pos;
            } else if (a.kind === 'pause') {
              at += a.seconds * 1000;
            } else if (a.kind === 'rewind') {
              position[lesson] = Math.max(0, position[lesson]! - a.seconds * 1000);
            } else {
              // another lesson in a new page, after a moment
              at += a.seconds * 1000;
              lesson = 1 - lesson;
              viewing++;
            }
            at += 400; // the next action starts after the last report arrived
          }
          for (const l of [0, 1]) {
            const snapped = played[l]!.map(
              ([x, y]) => [Math.floor(x / 1000) * 1000, Math.floor(y / 1000) * 1000] as Interval,
            );
            const expected = coverageOf(union([], snapped));
            expect(coverageOf(m.lessons.get(l)?.intervals ?? [])).toBe(expected);
          }
          expect(m.refused).toEqual({ displaced: 0, rate_limited: 0 });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets the viewing that claimed report, and tells any other it was displaced', () => {
    const m = new Member(budget());
    expect(m.report(0, 'tab-a-0001', true, T0, 0, 0)).toBe(0);
    expect(m.report(0, 'tab-a-0001', false, T0 + 10_000, 0, 10_000)).toBe(10_000);
    expect(m.report(1, 'tab-b-0002', true, T0 + 12_000, 0, 0)).toBe(0);
    expect(m.report(0, 'tab-a-0001', false, T0 + 20_000, 10_000, 20_000)).toBe('displaced');
    expect(m.report(1, 'tab-b-0002', false, T0 + 22_000, 0, 10_000)).toBe(10_000);
    expect(m.report(0, 'tab-a-0001', true, T0 + 23_000, 10_000, 10_000)).toBe(0);
    expect(m.report(1, 'tab-b-0002', false, T0 + 24_000, 10_000, 12_000)).toBe('displaced');
    expect(m.clock.viewingId).toBe('tab-a-0001');
  });

  it('accepts any page while no viewing is active (after reports without a viewing id)', () => {
    const m = new Member(budget());
    expect(m.report(0, null, true, T0, 0, 0)).toBe(0);
    expect(m.report(0, 'tab-a-0001', false, T0 + 10_000, 0, 10_000)).toBe(10_000);
    expect(m.clock.viewingId).toBe('tab-a-0001');
  });

  it('gives the first report and the first after a long pause only the tolerance', () => {
    const p = budget();
    const first = admit(idleClock(), { viewingId: null, claim: true, at: T0 }, p);
    expect(first).toMatchObject({ kind: 'accepted', budgetMs: 2_000 });
    const clock = { ...idleClock(), lastCreditAt: T0, bankMs: 1_500, windowAt: T0, windowCount: 1 };
    const soon = admit(clock, { viewingId: null, claim: true, at: T0 + 60_000 }, p);
    expect(soon).toMatchObject({ kind: 'accepted', budgetMs: 61_500 });
    const late = admit(clock, { viewingId: null, claim: true, at: T0 + 60_001 }, p);
    expect(late).toMatchObject({ kind: 'accepted', budgetMs: 2_000 });
    const slow = admit(
      clock,
      { viewingId: null, claim: true, at: T0 + 61_000 },
      budget({ toleranceMs: 9_000 }),
    );
    expect(slow).toMatchObject({ kind: 'accepted', budgetMs: 9_000 });
    const back = admit(clock, { viewingId: null, claim: true, at: T0 - 5_000 }, p);
    expect(back).toMatchObject({ kind: 'accepted', budgetMs: 1_500 });
    if (back.kind === 'accepted') expect(back.clock.lastCreditAt).toBe(T0);
    const fast = admit(clock, { viewingId: null, claim: true, at: T0 + 10_000 }, budget({ rate: 1.5 }));
    expect(fast).toMatchObject({ kind: 'accepted', budgetMs: 16_500 });
  });

  it('carries at most the tolerance, and only what was not credited', () => {
    const p = budget();
    const admitted = { ...idleClock(), lastCreditAt: T0, bankMs: 12_000 };
    expect(settle(admitted, 10_000, p).bankMs).toBe(2_000);
    expect(settle(admitted, 11_000, p).bankMs).toBe(1_000);
    expect(settle(admitted, 12_000, p).bankMs).toBe(0);
    expect(settle(admitted, 0, p).bankMs).toBe(2_000);
  });

  it('counts reports in a one-second window that starts with the first', () => {
    const p = budget({ reportsPerSecond: 2 });
    let clock = idleClock();
    const at = (ms: number) => {
      const a = admit(clock, { viewingId: null, claim: true, at: T0 + ms }, p);
      if (a.kind === 'accepted') clock = settle(a.clock, 0, p);
      return a.kind;
    };
    expect(at(0)).toBe('accepted');
    expect(at(0)).toBe('accepted');
    expect(at(0)).toBe('rate_limited');
    expect(at(1_000)).toBe('accepted');
    expect(clock).toMatchObject({ windowAt: T0 + 1_000, windowCount: 1 });
    expect(at(999)).toBe('accepted');
    expect(at(1_998)).toBe('accepted');
    expect(at(1_998)).toBe('rate_limited');
    expect(clock.windowCount).toBe(2);
    expect(at(1_999)).toBe('accepted');
    expect(at(2_500)).toBe('accepted');
    expect(at(2_600)).toBe('rate_limited');
    expect(at(500)).toBe('accepted');
    expect(clock).toMatchObject({ windowAt: T0 + 500, windowCount: 1 });
  });
});
