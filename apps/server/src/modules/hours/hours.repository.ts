import { sql } from 'drizzle-orm';
import type { Database, Executor, PreparedStatement } from '../../db/client.ts';
import {
  type LoadedSession,
  SESSION_FROM,
  SESSION_SELECT,
  SESSION_WHERE,
  sessionOf,
} from '../auth/session.repository.ts';
import type { HourBucket, HourSourceType, LedgerEntryRow } from '../ledger/ledger.repository.ts';

export async function memberFacts(db: Executor, memberId: number) {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT member_type, to_char(registered_on, 'YYYY-MM-DD') AS registered_on, province_code
    FROM members WHERE id = ${memberId}`);
  const r = rows[0];
  if (!r) return undefined;
  return {
    type: r.member_type as 'practicing' | 'non_practicing',
    registeredOn: String(r.registered_on),
    province: String(r.province_code),
  };
}

export interface StandingRow {
  bucket: HourBucket;
  ethics: boolean;
  hundredths: number;
}

export interface HoursState {
  member: { type: 'practicing' | 'non_practicing'; registeredOn: string; province: string };
  /** the version of the year's rule data in force (null: none published) */
  ruleVersion: number | null;
  /** raw sums by bucket and ethics flag from hour_standing (kept by the ledger's trigger) */
  standing: StandingRow[];
  entries: LedgerEntryRow[];
  pendingHundredths: number;
  unevaluated: { lessonId: number; course: string; lesson: string; creditHours: number }[];
  institute: { name: string; hotline: string } | null;
}

/**
 * Everything 学时查询 shows of member `member` (an SQL expression; `when` further narrows it) for year $2,
 * in one query: the member,
 * the version of the year's rules in force, the standing of the year (a few rows of hour_standing, not a
 * sum over the ledger), the year's entries with their course and lesson (or training), the evaluated
 * lessons not yet posted, the lessons watched but not evaluated, and the chosen institute. The member's
 * columns carry the prefix `h_` so the query can sit beside the session's own columns.
 */
const hoursStateQuery = (member: string, when = '') => `
    SELECT m.member_type AS h_member_type, to_char(m.registered_on, 'YYYY-MM-DD') AS h_registered_on,
      m.province_code AS h_province_code,
      (SELECT max(version) FROM rule_versions WHERE year = $2) AS rule_version,
      (SELECT COALESCE(json_agg(json_build_array(s.bucket, s.ethics, s.hundredths) ORDER BY s.bucket, s.ethics), '[]')
         FROM hour_standing s WHERE s.member_id = m.id AND s.year = $2) AS standing,
      (SELECT COALESCE(json_agg(json_build_array(h.posted_at, h.source_type, h.bucket, h.ethics,
                h.hours_hundredths, h.detail, COALESCE(c.title, h.detail->>'course'),
                COALESCE(l.title, h.detail->>'lesson'), COALESCE(c.kind, h.detail->>'kind'), tr.title)
                ORDER BY h.posted_at DESC, h.id DESC), '[]')
         FROM hour_ledger h
         LEFT JOIN lessons l ON l.id = h.lesson_id
         LEFT JOIN courses c ON c.id = l.course_id
         LEFT JOIN training_attendance ta ON h.source_type = 'training' AND ta.id = h.source_id
         LEFT JOIN trainings tr ON tr.id = ta.training_id
        WHERE h.member_id = m.id AND h.year = $2) AS entries,
      (SELECT COALESCE(SUM(l.credit_hundredths), 0)
         FROM lesson_evaluations e
         JOIN lessons l ON l.id = e.lesson_id
         JOIN courses c ON c.id = l.course_id
        WHERE e.member_id = m.id AND c.year = $2
          AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'lesson' AND h.source_id = e.id)
      )::int
      -- records accepted from the institute's own platform, likewise posted by the next daily sync
      + (SELECT COALESCE(SUM(r.hours_hundredths), 0) FROM integration_hour_records r
          WHERE r.member_id = m.id AND r.year = $2
            AND NOT EXISTS (SELECT 1 FROM hour_ledger h WHERE h.source_type = 'integration' AND h.source_id = r.id)
      )::int AS pending,
      (SELECT COALESCE(json_agg(json_build_array(l.id, c.title, l.title, l.credit_hundredths)
                ORDER BY c.sort, c.id, l.sort, l.id), '[]')
         FROM lesson_progress p
         JOIN lessons l ON l.id = p.lesson_id
         JOIN courses c ON c.id = l.course_id
         LEFT JOIN lesson_evaluations e ON e.member_id = p.member_id AND e.lesson_id = p.lesson_id
        WHERE p.member_id = m.id AND p.completed_at IS NOT NULL AND e.id IS NULL AND c.year = $2) AS unevaluated,
      i.name AS institute_name, i.hotline AS institute_hotline
    FROM members m
    LEFT JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = $2
    LEFT JOIN institutes i ON i.id = ic.institute_id
    WHERE m.id = ${member}${when}`;

/** 学时查询 of member $1 for year $2, in one prepared statement (one round trip). */
const HOURS_STATE: PreparedStatement = {
  name: 'cpe_hours_state',
  types: ['int', 'int'],
  text: hoursStateQuery('$1'),
};

/**
 * The whole read of 学时查询 in one statement: the session of token hash $1 (checked by auth.resolve as
 * any other) and, when it is a member's, that member's year $2 with its fingerprint, the MD5 of the
 * year's whole state as read. The state itself comes back only when the fingerprint differs from $3,
 * the one of the answer this process already holds: the answer is a function of that state alone (the
 * rules are those of the version it names, which never change once published), so an equal fingerprint
 * means an equal answer, whichever process changed what in between. `OFFSET 0` keeps each subquery a
 * subquery: pulled up into the outer query, its subselects would be run once per reference to its row.
 */
const SESSION_HOURS_STATE: PreparedStatement = {
  name: 'cpe_session_hours_state',
  types: ['text', 'int', 'text'],
  text: `${SESSION_SELECT}, hs.fingerprint AS h_fingerprint,
      CASE WHEN hs.fingerprint IS DISTINCT FROM $3 THEN row_to_json(hs) END AS h_state${SESSION_FROM}
      LEFT JOIN LATERAL (SELECT y.*, md5(y::text) AS fingerprint
        FROM (${hoursStateQuery('s.subject_id', " AND s.subject_type = 'member'")} OFFSET 0) y OFFSET 0) hs
        ON true${SESSION_WHERE}`,
};

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function hoursState(
  database: Database,
  memberId: number,
  year: number,
): Promise<HoursState | undefined> {
  const [r] = await database.prepared<Record<string, unknown>>(HOURS_STATE, [memberId, year]);
  return r && hoursStateOf(r);
}

/** What 学时查询 read beside the session: the year of that session's member. */
export interface SessionHoursState {
  memberId: number;
  year: number;
  /** the MD5 of the year's state (null: no such member) */
  fingerprint: string | null;
  /** the state; undefined when the member row is gone or the fingerprint was the one the read was given */
  state: HoursState | undefined;
}

/**
 * The session of a token hash and, when it is a member's, the member's 学时查询 state for the year: one
 * prepared statement for the whole read. `known` is the fingerprint of an answer already held: when the
 * state still has it, the state is not sent.
 */
export async function sessionHoursState(
  database: Database,
  tokenHash: string,
  year: number,
  known: string | null = null,
): Promise<{ session: LoadedSession | null; state: SessionHoursState | null }> {
  const [r] = await database.prepared<Record<string, unknown>>(SESSION_HOURS_STATE, [tokenHash, year, known]);
  const session = sessionOf(r, tokenHash);
  if (!r || session?.principal.kind !== 'member') return { session, state: null };
  // the lateral read finds nothing (null columns) when the member row is gone
  const fingerprint = typeof r.h_fingerprint === 'string' ? r.h_fingerprint : null;
  const state = r.h_state ? hoursStateOf(json<Record<string, unknown>>(r.h_state)) : undefined;
  return { session, state: { memberId: session.principal.id, year, fingerprint, state } };
}

function hoursStateOf(r: Record<string, unknown>): HoursState {
  type EntryTuple = [
    string,
    HourSourceType,
    HourBucket,
    boolean,
    number,
    unknown,
    string | null,
    string | null,
    'required' | 'elective' | null,
    string | null,
  ];
  return {
    member: {
      type: r.h_member_type as 'practicing' | 'non_practicing',
      registeredOn: String(r.h_registered_on),
      province: String(r.h_province_code),
    },
    ruleVersion: r.rule_version === null || r.rule_version === undefined ? null : Number(r.rule_version),
    standing: json<[HourBucket, boolean, number][]>(r.standing).map(([bucket, ethics, hundredths]) => ({
      bucket,
      ethics,
      hundredths: Number(hundredths),
    })),
    entries: json<EntryTuple[]>(r.entries).map((e) => ({
      postedAt: new Date(e[0]),
      sourceType: e[1],
      bucket: e[2],
      ethics: e[3],
      hundredths: Number(e[4]),
      detail: e[5] ?? null,
      courseTitle: e[6],
      lessonTitle: e[7],
      courseKind: e[8],
      trainingTitle: e[9] ?? null,
    })),
    pendingHundredths: Number(r.pending ?? 0),
    unevaluated: json<[number, string, string, number][]>(r.unevaluated).map(
      ([id, course, lesson, credit]) => ({
        lessonId: Number(id),
        course,
        lesson,
        creditHours: Number(credit) / 100,
      }),
    ),
    institute:
      r.institute_name === null || r.institute_name === undefined
        ? null
        : { name: String(r.institute_name), hotline: String(r.institute_hotline) },
  };
}
