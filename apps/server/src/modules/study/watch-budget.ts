/**
 * The member's watch clock (INV-5 per member): how much new video one progress report may credit, over
 * all of the member's lessons, pages and devices together. A pure function; epoch milliseconds.
 *
 * - Budget: the wall-clock time since the member's previous accepted report times the playback rate,
 *   plus the bank (unused budget carried over, at most `toleranceMs`). The first report, and the first
 *   after a pause longer than `maxGapMs`, has only the tolerance. So over any run of accepted reports,
 *   the credit is at most (last - previous report's time) x rate + tolerance, however many lessons or
 *   pages report: they share one clock.
 * - One viewing (a player page) is active. A report that `claim`s (playback starting) makes its viewing
 *   the active one; a report of any other viewing is `displaced` and changes nothing.
 * - At most `reportsPerSecond` accepted reports per second (a fixed one-second window); more are
 *   `rate_limited` and change nothing.
 */

export interface WatchClock {
  /** the active viewing; null when none is known (no report yet, or reports without a viewing id) */
  viewingId: string | null;
  /** epoch ms of the member's previous accepted report */
  lastCreditAt: number | null;
  /** unused budget carried to the next report, 0..toleranceMs */
  bankMs: number;
  /** start of the current one-second rate window and the reports accepted in it */
  windowAt: number | null;
  windowCount: number;
}

export interface BudgetParams {
  rate: number;
  toleranceMs: number;
  maxGapMs: number;
  reportsPerSecond: number;
}

export interface ClockReport {
  viewingId: string | null;
  claim: boolean;
  /** epoch ms when the server handles it */
  at: number;
}

export type Admission =
  | { kind: 'accepted'; budgetMs: number; clock: WatchClock }
  | { kind: 'displaced' }
  | { kind: 'rate_limited' };

export const RATE_WINDOW_MS = 1000;

export const idleClock = (): WatchClock => ({
  viewingId: null,
  lastCreditAt: null,
  bankMs: 0,
  windowAt: null,
  windowCount: 0,
});

/**
 * Admits a report or refuses it. An accepted report's `clock` is the clock after it with the whole
 * budget left in the bank: `settle` then takes what the merge credited.
 */
export function admit(clock: WatchClock, r: ClockReport, p: BudgetParams): Admission {
  if (!r.claim && clock.viewingId !== null && r.viewingId !== clock.viewingId) return { kind: 'displaced' };
  const sameWindow =
    clock.windowAt !== null && r.at >= clock.windowAt && r.at - clock.windowAt < RATE_WINDOW_MS;
  const windowCount = sameWindow ? clock.windowCount + 1 : 1;
  if (windowCount > p.reportsPerSecond) return { kind: 'rate_limited' };

  const last = clock.lastCreditAt;
  const elapsed = last === null ? 0 : Math.max(0, r.at - last);
  const earned = Math.floor(elapsed * p.rate) + clock.bankMs;
  let budgetMs = earned;
  if (last === null) budgetMs = p.toleranceMs;
  else if (elapsed > p.maxGapMs) budgetMs = Math.min(p.toleranceMs, earned);
  return {
    kind: 'accepted',
    budgetMs,
    clock: {
      viewingId: r.viewingId,
      lastCreditAt: last === null ? r.at : Math.max(last, r.at),
      bankMs: budgetMs,
      windowAt: sameWindow ? clock.windowAt : r.at,
      windowCount,
    },
  };
}

/** The clock after an accepted report that credited `creditedMs` of its budget. */
export function settle(admitted: WatchClock, creditedMs: number, p: BudgetParams): WatchClock {
  return { ...admitted, bankMs: Math.max(0, Math.min(p.toleranceMs, admitted.bankMs - creditedMs)) };
}
