import type { Clock } from '../../clock.ts';

/** How many hits a key may make per window. */
export interface LimitRule {
  max: number;
  windowMs: number;
}

export interface LimitDecision {
  allowed: boolean;
  /** Hits counted in the sliding window, this one included. */
  count: number;
  /** Whole seconds until a new hit could be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Counts hits per key across every server process (PostgreSQL or Redis) and says whether a hit is within
 * its rule. Every hit counts, the refused ones too. Keys are namespaced by their feature
 * (`login:ip:…`, later `sms:mobile:…`).
 */
export interface Limiter {
  readonly backend: 'postgres' | 'redis';
  hit(key: string, rule: LimitRule): Promise<LimitDecision>;
  close(): Promise<void>;
}

/** What a backend stores: the hits of the key's current fixed window and of the window before it. */
export interface WindowCounts {
  current: number;
  previous: number;
}

export interface WindowSlot {
  start: Date;
  previousStart: Date;
  /** Share of the current window already past, 0..1. */
  elapsed: number;
}

export function windowSlot(clock: Clock, windowMs: number): WindowSlot {
  const now = clock.now().getTime();
  const start = Math.floor(now / windowMs) * windowMs;
  return {
    start: new Date(start),
    previousStart: new Date(start - windowMs),
    elapsed: (now - start) / windowMs,
  };
}

/**
 * Sliding-window estimate: the previous window's hits weighed by the part of it still inside the window
 * that ends now, plus the current window's. A window boundary never resets a key's count.
 */
export function decide(counts: WindowCounts, slot: WindowSlot, rule: LimitRule): LimitDecision {
  const weighted = counts.previous * (1 - slot.elapsed) + counts.current;
  const count = Math.floor(weighted);
  if (weighted <= rule.max) return { allowed: true, count, retryAfterSeconds: 0 };
  return {
    allowed: false,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil(((1 - slot.elapsed) * rule.windowMs) / 1000)),
  };
}
