/** The only way code reads the time, so tests can set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  set(d: Date) {
    this.current = d;
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time.

/** Calendar year in Asia/Shanghai. */
export const shanghaiYear = (d: Date) => new Date(d.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();

/** YYYY-MM-DD in Asia/Shanghai. */
export const shanghaiDate = (d: Date) =>
  new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** Hour of the day (0-23) in Asia/Shanghai. */
export const shanghaiHour = (d: Date) => new Date(d.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
