import type { ProgressRequest, ProgressResponse } from '@cpe/shared';
import { type RefObject, useEffect, useRef } from 'react';
import { ApiError } from '../../api/client.ts';
import { beaconProgress, postProgress } from '../../api/learning.ts';

/** How often a playing video reports the interval it just played. */
export const REPORT_EVERY_MS = 10_000;
/** A seek up to this far past the furthest watched point is timer jitter, not skipping. */
const SEEK_TOLERANCE = 1;
/** The server answered a furthest point this much behind what was reported: it credited less. */
const CREDIT_TOLERANCE = 2;

export interface TrackerEvents {
  /** the server's view after each accepted report */
  onResult(result: ProgressResponse): void;
  /** a refused report; `fatal` ones (fee, lock, year) stop playback */
  onError(error: unknown): void;
  /** another page or device took over the member's viewing: playback here was paused */
  onDisplaced(): void;
  onBlockedSeek(): void;
  onRateReset(): void;
}

export interface TrackerStart {
  lessonId: number;
  /** resume point (positionSeconds) */
  position: number;
  /** furthest point the server has credited */
  furthest: number;
  durationSeconds: number;
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/** Refusals that pass: the report is sent again after a pause that doubles each time. */
const TRANSIENT = new Set(['RATE_LIMITED', 'PROGRESS_BUSY', 'NETWORK']);
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000];
const isTransient = (e: unknown) => e instanceof ApiError && (TRANSIENT.has(e.code) || e.status >= 500);
const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/** A random id for one viewing (this player on this page); works without a secure context too. */
function newViewingId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Tracked video (INV-5), the browser's half: the server is the authority and merges what it is told,
 * the player makes honest reports and keeps the member from skipping.
 *
 * - Resumes at the last position; seeking past the furthest watched point snaps back to it.
 * - Playback rate stays 1.
 * - Reports `{ from, to }`, the interval played since the previous report: a zero-length one when
 *   playback starts (it starts the server's clock), then every ~10 s, and on pause, end, a backward
 *   seek (the interval before the jump), the tab being hidden, the page being closed and leaving the page.
 * - Reports go one after another so the server sees them in order. A transient refusal (rate limit,
 *   a collision, the network) is sent again after 1, 2 and 4 s before it is shown.
 * - Credit is per member: the report that starts playback claims the member's viewing for this page.
 *   When another page or device claims it, this page's next report is refused: playback pauses and the
 *   page says so; playing again here claims it back.
 */
export function useTrackedVideo(
  videoRef: RefObject<HTMLVideoElement | null>,
  start: TrackerStart,
  events: TrackerEvents,
  blocked: boolean,
) {
  const eventsRef = useRef(events);
  const blockedRef = useRef(blocked);
  useEffect(() => {
    eventsRef.current = events;
    blockedRef.current = blocked;
  });
  const startRef = useRef(start);
  const { lessonId } = start;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const { position, durationSeconds } = startRef.current;
    let furthest = startRef.current.furthest;
    /** start of the interval being played; null while paused */
    let segment: number | null = null;
    /** the last position reached by playing (not by seeking) */
    let last = 0;
    let queue: Promise<void> = Promise.resolve();
    let resumed = false;
    let sentAt = 0;
    const viewing = newViewingId();

    const post = async (body: ProgressRequest) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await postProgress(lessonId, body);
        } catch (e) {
          const delay = RETRY_DELAYS_MS[attempt];
          if (delay === undefined || !isTransient(e)) throw e;
          await sleep(delay);
        }
      }
    };

    const send = (report: { from: number; to: number }, claim = false) => {
      if (blockedRef.current) return;
      sentAt = performance.now();
      const body: ProgressRequest = { ...report, viewing, ...(claim ? { claim } : {}) };
      queue = queue.then(async () => {
        if (blockedRef.current) return;
        try {
          const result = await post(body);
          accept(result, body);
          eventsRef.current.onResult(result);
        } catch (e) {
          if (e instanceof ApiError && e.code === 'VIEWING_DISPLACED') displaced();
          else eventsRef.current.onError(e);
        }
      });
    };

    /** Another page took the viewing over: stop here; what was played since is not counted. */
    const displaced = () => {
      segment = null;
      if (!video.paused) video.pause();
      eventsRef.current.onDisplaced();
    };

    /** The server credited less than was played (e.g. its clock says too little time passed): go back. */
    const accept = (result: ProgressResponse, body: ProgressRequest) => {
      if (result.furthestSeconds + CREDIT_TOLERANCE < body.to) {
        furthest = result.furthestSeconds;
        if (video.currentTime > furthest + SEEK_TOLERANCE) {
          if (segment !== null) segment = furthest;
          last = furthest;
          video.currentTime = furthest;
        }
      } else {
        furthest = Math.max(furthest, result.furthestSeconds);
      }
    };

    /** Moves `last` to the playhead, when the playhead got there by playing. */
    const advance = () => {
      if (video.seeking) return;
      last = video.currentTime;
      furthest = Math.max(furthest, last);
    };

    const flush = (viaBeacon = false) => {
      advance();
      if (segment === null || last <= segment) return;
      const body = { from: round(segment), to: round(last) };
      segment = last;
      if (viaBeacon) beaconProgress(lessonId, { ...body, viewing });
      else send(body);
    };

    const resume = () => {
      if (resumed) return;
      resumed = true;
      // A finished lesson starts again from the beginning rather than at its last frame.
      const at = position >= durationSeconds - 1 ? 0 : Math.min(position, furthest);
      if (at > 0) video.currentTime = at;
      last = at;
    };

    const onPlaying = () => {
      if (segment === null) {
        advance();
        segment = last;
        send({ from: round(last), to: round(last) }, true);
      } else {
        flush();
        segment = last;
      }
    };
    const onPause = () => {
      flush();
      segment = null;
    };
    const onSeeking = () => {
      const t = video.currentTime;
      if (t > furthest + SEEK_TOLERANCE) {
        video.currentTime = furthest;
        eventsRef.current.onBlockedSeek();
        return;
      }
      if (segment !== null && last > segment) {
        send({ from: round(segment), to: round(last) });
      }
      if (segment !== null) segment = t;
      last = t;
    };
    const onRateChange = () => {
      if (video.playbackRate !== 1 || video.defaultPlaybackRate !== 1) {
        video.playbackRate = 1;
        video.defaultPlaybackRate = 1;
        eventsRef.current.onRateReset();
      }
    };
    const onPlay = () => {
      // A refused lesson (fee, lock) does not play.
      if (blockedRef.current) {
        video.pause();
        eventsRef.current.onError(null);
      }
    };
    // Timers of a hidden tab may be slowed down; the playing video's own clock keeps the cadence.
    const onTimeUpdate = () => {
      advance();
      if (segment !== null && !video.paused && performance.now() - sentAt >= REPORT_EVERY_MS) flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    const onPageHide = () => flush(true);
    const timer = window.setInterval(() => {
      if (!video.paused && performance.now() - sentAt >= REPORT_EVERY_MS - 500) flush();
    }, 1000);

    const listeners: [string, () => void][] = [
      ['loadedmetadata', resume],
      ['playing', onPlaying],
      ['pause', onPause],
      ['ended', onPause],
      ['seeking', onSeeking],
      ['timeupdate', onTimeUpdate],
      ['ratechange', onRateChange],
      ['play', onPlay],
    ];
    for (const [name, fn] of listeners) video.addEventListener(name, fn);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    if (video.readyState >= 1) resume();

    return () => {
      window.clearInterval(timer);
      for (const [name, fn] of listeners) video.removeEventListener(name, fn);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the page inside the app: the last interval still counts.
      flush();
      segment = null;
    };
  }, [videoRef, lessonId]);
}
