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
 * Everything 学时查询 shows of member `member` (an SQL expression) for year $2, in one query: the member,
 * the version of the year's rules in force, the standing of the year (a few rows of hour_standing, not a
 * sum over the ledger), the year's entries with their course and lesson (or training), the evaluated
 * lessons not yet posted, the lessons watched but not evaluated, and the chosen institute. The member's
 * columns carry the prefix `h_` so the query can sit beside the session's own columns.
 */
const hoursStateQuery = (member: string) => `
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
    WHERE m.id = ${member}`;

/** 学时查询 of member $1 for year $2, in one prepared statement (one round trip). */
const HOURS_STATE: PreparedStatement = {
  name: 'cpe_hours_state',
  types: ['int', 'int'],
  text: hoursStateQuery('$1'),
};

/**
 * The fingerprint of member `s.subject_id`'s year $2 as 学时查询 shows it, from cheap reads only: the
 * member's columns the answer uses, the rule version in force, the catalogue's revision (titles, order,
 * credit: migration 0021), the institute chosen, the standing's sums and entry counts (the ledger is
 * append-only, so its count says whether entries were added), and the counts of the member's
 * evaluations, completed lessons and institute records (none is ever deleted). Whatever changes the
 * answer changes one of them, in whichever process it happens. `row(...)::text` keeps the fields apart.
 */
const HOURS_MARK_QUERY = `
    SELECT md5(row(m.member_type, m.registered_on, m.province_code,
        (SELECT max(version) FROM rule_versions WHERE year = $2),
        (SELECT revision FROM catalogue_revision),
        ic.institute_id, i.name, i.hotline,
        (SELECT string_agg(row(st.bucket, st.ethics, st.hundredths, st.entries)::text, ';'
                  ORDER BY st.bucket, st.ethics)
           FROM hour_standing st WHERE st.member_id = m.id AND st.year = $2),
        (SELECT count(*) FROM lesson_evaluations e WHERE e.member_id = m.id),
        (SELECT count(*) FROM lesson_progress p WHERE p.member_id = m.id AND p.completed_at IS NOT NULL),
        (SELECT count(*) FROM integration_hour_records r WHERE r.member_id = m.id AND r.year = $2)
      )::text) AS fingerprint
    FROM members m
    LEFT JOIN institute_choices ic ON ic.member_id = m.id AND ic.year = $2
    LEFT JOIN institutes i ON i.id = ic.institute_id
    WHERE m.id = s.subject_id AND s.subject_type = 'member'`;

/** The session of token hash $1 and, when it is a member's, the fingerprint of that member's year $2. */
const SESSION_HOURS_MARK: PreparedStatement = {
  name: 'cpe_session_hours_mark',
  types: ['text', 'int'],
  text: `${SESSION_SELECT}, hm.fingerprint AS h_fingerprint${SESSION_FROM}
      LEFT JOIN LATERAL (${HOURS_MARK_QUERY}) hm ON true${SESSION_WHERE}`,
};

/**
 * The same with the year itself: what the first 学时查询 of a session and year reads, when no answer is
 * held to compare the fingerprint with (one statement rather than the fingerprint, then the year).
 */
const SESSION_HOURS_STATE: PreparedStatement = {
  name: 'cpe_session_hours_state',
  types: ['text', 'int'],
  text: `${SESSION_SELECT}, hm.fingerprint AS h_fingerprint, hs.*${SESSION_FROM}
      LEFT JOIN LATERAL (${HOURS_MARK_QUERY}) hm ON true
      LEFT JOIN LATERAL (${hoursStateQuery("s.subject_id AND s.subject_type = 'member'")}) hs ON true${SESSION_WHERE}`,
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

/** What 学时查询 read beside the session: the fingerprint of the year of that session's member. */
export interface SessionHoursMark {
  memberId: number;
  year: number;
  /** null: no such member */
  fingerprint: string | null;
  /** the year itself, when it was read with the session (no answer was held) */
  state?: HoursState;
}

/**
 * The session of a token hash and, when it is a member's, the fingerprint of the member's 学时查询 year,
 * in one prepared statement: all a repeated query needs when nothing changed. Without an answer `held`,
 * the same statement also reads the year.
 */
export async function sessionHoursMark(
  database: Database,
  tokenHash: string,
  year: number,
  held: boolean,
): Promise<{ session: LoadedSession | null; mark: SessionHoursMark | null }> {
  const statement = held ? SESSION_HOURS_MARK : SESSION_HOURS_STATE;
  const [r] = await database.prepared<Record<string, unknown>>(statement, [tokenHash, year]);
  const session = sessionOf(r, tokenHash);
  if (!r || session?.principal.kind !== 'member') return { session, mark: null };
  const fingerprint = typeof r.h_fingerprint === 'string' ? r.h_fingerprint : null;
  const mark: SessionHoursMark = { memberId: session.principal.id, year, fingerprint };
  if (!held && fingerprint !== null) mark.state = hoursStateOf(r);
  return { session, mark };
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
