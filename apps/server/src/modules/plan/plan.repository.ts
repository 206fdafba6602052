import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface StandingRow {
  bucket: 'online_required' | 'online_elective' | 'face_to_face' | 'output' | 'exemption';
  ethics: boolean;
  hundredths: number;
}

/** The member's year from `hour_standing` (raw ledger sums by bucket and ethics flag). */
export async function standingRows(db: Executor, memberId: number, year: number): Promise<StandingRow[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT bucket, ethics, hundredths FROM hour_standing WHERE member_id = ${memberId} AND year = ${year}`);
  return rows.map((r) => ({
    bucket: r.bucket as StandingRow['bucket'],
    ethics: Boolean(r.ethics),
    hundredths: Number(r.hundredths),
  }));
}

/** Exemption grounds posted to the member's year (they change the requirement, not the hours). */
export async function exemptionGrounds(db: Executor, memberId: number, year: number): Promise<string[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT DISTINCT detail->>'ground' AS ground FROM hour_ledger
    WHERE member_id = ${memberId} AND year = ${year} AND source_type = 'exemption'
      AND detail->>'ground' IS NOT NULL`);
  return rows.map((r) => String(r.ground));
}

/** Evaluated lessons of the year not yet through the daily sync, in hundredths by ethics flag. */
export async function pendingLessons(db: Executor, memberId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT c.ethics, COALESCE(SUM(l.credit_hundredths), 0)::int AS hundredths
    FROM lesson_evaluations e
    JOIN lessons l ON l.id = e.lesson_id
    JOIN courses c ON c.id = l.course_id
    WHERE e.member_id = ${memberId} AND c.year = ${year}
      AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)
    GROUP BY c.ethics`);
  let total = 0;
  let ethics = 0;
  for (const r of rows) {
    total += Number(r.hundredths);
    if (r.ethics) ethics += Number(r.hundredths);
  }
  return { total, ethics };
}

/** Seconds watched of the year's lessons and the first progress report of the year: the pace. */
export async function watchActivity(db: Executor, memberId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT COALESCE(SUM(p.watched_seconds), 0)::int AS watched,
           MIN(COALESCE(p.first_report_at, p.last_report_at)) AS first_at
    FROM lesson_progress p
    JOIN lessons l ON l.id = p.lesson_id
    JOIN courses c ON c.id = l.course_id
    WHERE p.member_id = ${memberId} AND c.year = ${year}`);
  const r = rows[0];
  return {
    watchedSeconds: Number(r?.watched ?? 0),
    firstReportAt: r?.first_at ? new Date(r.first_at as string | Date) : null,
  };
}

/**
 * Face-to-face trainings (培训通知) a member could still sign up for: of the member's province or
 * nationwide, for the member's type, starting in the year, sign-up deadline not past. By start date,
 * at most five, as "title（starts_on，hours学时）".
 */
export async function provinceTrainings(
  db: Executor,
  province: string,
  memberType: string,
  year: number,
  today: string,
): Promise<string[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT title, starts_on::text AS starts_on, hours_hundredths FROM trainings
    WHERE (province_code = ${province} OR province_code IS NULL)
      AND member_types ? ${memberType}
      AND signup_deadline >= ${today}::date
      AND starts_on >= make_date(${year}, 1, 1) AND starts_on <= make_date(${year}, 12, 31)
    ORDER BY starts_on, id LIMIT 5`);
  return rows.map(
    (r) =>
      `${r.title as string}（${r.starts_on as string}，${(Number(r.hours_hundredths) / 100).toFixed(2)}学时）`,
  );
}

/** Up to `limit` active members after `afterId`, in id order: the keyset page of the nightly job. */
export async function memberIdsAfter(db: Executor, afterId: number, limit: number): Promise<number[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT id FROM members WHERE id > ${afterId} AND NOT disabled ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

export interface ForecastRow {
  memberId: number;
  year: number;
  provinceCode: string;
  memberType: 'practicing' | 'non_practicing';
  shortfallHundredths: number;
  ethicsShortfallHundredths: number;
  planHundredths: number;
  unmetHundredths: number;
  remainingSeconds: number;
  paceMinutesPerWeek: number | null;
  neededMinutesPerWeek: number | null;
  finishOn: string | null;
  onTrack: boolean | null;
  fallsShort: boolean;
  computedAt: Date;
}

/** Stores (or replaces) a member's forecast of the year. */
export async function upsertForecast(db: Executor, f: ForecastRow): Promise<void> {
  await db.execute(sql`
    INSERT INTO plan_forecasts (member_id, year, province_code, member_type, shortfall_hundredths,
      ethics_shortfall_hundredths, plan_hundredths, unmet_hundredths, remaining_seconds,
      pace_minutes_per_week, needed_minutes_per_week, finish_on, on_track, falls_short, computed_at)
    VALUES (${f.memberId}, ${f.year}, ${f.provinceCode}, ${f.memberType}, ${f.shortfallHundredths},
      ${f.ethicsShortfallHundredths}, ${f.planHundredths}, ${f.unmetHundredths}, ${f.remainingSeconds},
      ${f.paceMinutesPerWeek}, ${f.neededMinutesPerWeek}, ${f.finishOn}::date, ${f.onTrack}, ${f.fallsShort},
      ${f.computedAt.toISOString()}::timestamptz)
    ON CONFLICT (member_id, year) DO UPDATE SET
      province_code = EXCLUDED.province_code, member_type = EXCLUDED.member_type,
      shortfall_hundredths = EXCLUDED.shortfall_hundredths,
      ethics_shortfall_hundredths = EXCLUDED.ethics_shortfall_hundredths,
      plan_hundredths = EXCLUDED.plan_hundredths, unmet_hundredths = EXCLUDED.unmet_hundredths,
      remaining_seconds = EXCLUDED.remaining_seconds, pace_minutes_per_week = EXCLUDED.pace_minutes_per_week,
      needed_minutes_per_week = EXCLUDED.needed_minutes_per_week, finish_on = EXCLUDED.finish_on,
      on_track = EXCLUDED.on_track, falls_short = EXCLUDED.falls_short, computed_at = EXCLUDED.computed_at`);
}

/** Forecasts of the year counted by province (every province, also those with no member yet). */
export async function forecastSummary(db: Executor, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT p.code, p.name, COUNT(f.member_id)::int AS members,
           COUNT(*) FILTER (WHERE f.falls_short)::int AS falls_short,
           COUNT(*) FILTER (WHERE f.on_track IS FALSE)::int AS behind_pace,
           COUNT(*) FILTER (WHERE f.unmet_hundredths > 0)::int AS video_cannot_close,
           MAX(f.computed_at) AS computed_at
    FROM provinces p
    LEFT JOIN plan_forecasts f ON f.province_code = p.code AND f.year = ${year}
    GROUP BY p.code, p.name ORDER BY p.code`);
  return rows.map((r) => ({
    province: String(r.code),
    provinceName: String(r.name),
    members: Number(r.members),
    fallsShort: Number(r.falls_short),
    behindPace: Number(r.behind_pace),
    videoCannotClose: Number(r.video_cannot_close),
    computedAt: r.computed_at ? new Date(r.computed_at as string | Date) : null,
  }));
}

export interface ShortfallRow {
  username: string;
  name: string;
  provinceName: string;
  memberType: 'practicing' | 'non_practicing';
  shortfallHundredths: number;
  ethicsShortfallHundredths: number;
  unmetHundredths: number;
  remainingSeconds: number;
  paceMinutesPerWeek: number | null;
  neededMinutesPerWeek: number | null;
  finishOn: string | null;
  onTrack: boolean | null;
}

/** Members of the year forecast to fall short, by province then user name, in pages (keyset). */
export async function shortfallPage(
  db: Executor,
  year: number,
  province: string | null,
  after: { province: string; username: string } | null,
  limit: number,
): Promise<(ShortfallRow & { provinceCode: string })[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT m.username, m.name, f.province_code, p.name AS province_name, f.member_type,
           f.shortfall_hundredths, f.ethics_shortfall_hundredths, f.unmet_hundredths, f.remaining_seconds,
           f.pace_minutes_per_week, f.needed_minutes_per_week, to_char(f.finish_on, 'YYYY-MM-DD') AS finish_on,
           f.on_track
    FROM plan_forecasts f
    JOIN members m ON m.id = f.member_id
    JOIN provinces p ON p.code = f.province_code
    WHERE f.year = ${year} AND f.falls_short
      ${province === null ? sql`` : sql`AND f.province_code = ${province}`}
      ${after === null ? sql`` : sql`AND (f.province_code, m.username) > (${after.province}, ${after.username})`}
    ORDER BY f.province_code, m.username LIMIT ${limit}`);
  return rows.map((r) => ({
    username: String(r.username),
    name: String(r.name),
    provinceCode: String(r.province_code),
    provinceName: String(r.province_name),
    memberType: r.member_type as ShortfallRow['memberType'],
    shortfallHundredths: Number(r.shortfall_hundredths),
    ethicsShortfallHundredths: Number(r.ethics_shortfall_hundredths),
    unmetHundredths: Number(r.unmet_hundredths),
    remainingSeconds: Number(r.remaining_seconds),
    paceMinutesPerWeek: r.pace_minutes_per_week === null ? null : Number(r.pace_minutes_per_week),
    neededMinutesPerWeek: r.needed_minutes_per_week === null ? null : Number(r.needed_minutes_per_week),
    finishOn: (r.finish_on as string | null) ?? null,
    onTrack: r.on_track === null ? null : Boolean(r.on_track),
  }));
}
