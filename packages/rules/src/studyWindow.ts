import type { RuleSet, StudyWindow } from './types.ts';

/**
 * Dates of the rule data are calendar days of the rule set's time zone. These helpers turn them into
 * instants with the platform's time-zone database (Intl): pure, no clock; the caller passes `now`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the name is a time zone the platform knows (IANA names such as Asia/Shanghai, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The first instant of a calendar day ('YYYY-MM-DD') in a time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const key = `${date} ${timeZone}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const wallMidnight = Date.UTC(y, m - 1, d);
    const guess = wallMidnight - offsetMs(wallMidnight, timeZone);
    ms = wallMidnight - offsetMs(guess, timeZone);
    if (dayStarts.size >= 1024) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

// Every progress report asks for the same few days (its year's study window): Intl's formatToParts is
// far slower than a lookup, and a day's first instant in a zone never changes while the process runs.
const dayStarts = new Map<string, number>();

const nextDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

export type StudyWindowStatus = 'not_open' | 'open' | 'closed';

export interface StudyWindowState {
  window: StudyWindow;
  status: StudyWindowStatus;
  /** the first instant of `opens` */
  opensAt: Date;
  /** the first instant after `closes` (31 December 23:59:59 is still open, 1 January 00:00 is not) */
  closedAt: Date;
}

/** Whether the lessons of a rule set's year can be watched and evaluated at `now`. */
export function studyWindowState(
  ruleSet: Pick<RuleSet, 'studyWindow' | 'timeZone'>,
  now: Date,
): StudyWindowState {
  const { studyWindow: window, timeZone } = ruleSet;
  const opensAt = startOfDay(window.opens, timeZone);
  const closedAt = startOfDay(nextDay(window.closes), timeZone);
  const t = now.getTime();
  const status = t < opensAt.getTime() ? 'not_open' : t >= closedAt.getTime() ? 'closed' : 'open';
  return { window, status, opensAt, closedAt };
}
