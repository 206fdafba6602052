import { describe, expect, it } from 'vitest';
import { isTimeZone, startOfDay, studyWindowState } from './studyWindow.ts';

const window = { opens: '2026-01-01', closes: '2026-12-31' };
const shanghai = { studyWindow: window, timeZone: 'Asia/Shanghai' };

describe('the study window', () => {
  it.each([
    ['2025-12-31T15:59:59.999Z', 'not_open'],
    ['2025-12-31T16:00:00Z', 'open'],
    ['2026-07-01T00:00:00Z', 'open'],
    ['2026-12-31T15:59:59Z', 'open'],
    ['2026-12-31T15:59:59.999Z', 'open'],
    ['2026-12-31T16:00:00Z', 'closed'],
    ['2027-03-01T00:00:00Z', 'closed'],
  ])('at %s is %s (Asia/Shanghai)', (now, status) => {
    expect(studyWindowState(shanghai, new Date(now)).status).toBe(status);
  });

  it('closes at the first instant after its last day, in the rule set’s time zone', () => {
    expect(studyWindowState(shanghai, new Date()).closedAt.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const utc = studyWindowState({ studyWindow: window, timeZone: 'UTC' }, new Date());
    expect(utc.closedAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('finds midnight across daylight saving changes', () => {
    expect(startOfDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('knows time zone names', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Beijing')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
