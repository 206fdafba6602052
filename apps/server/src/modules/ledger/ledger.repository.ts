import type { HourSource } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { hourBuckets } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { isYearClosedError } from '../year-close/year-close.repository.ts';

export type HourSourceType = HourSource;
export type HourBucket = (typeof hourBuckets)[number];

export interface LedgerEntryInput {
  memberId: number;
  year: number;
  sourceType: HourSourceType;
  sourceId: number;
  hoursHundredths: number;
  bucket: HourBucket;
  ethics: boolean;
  lessonId?: number | null;
  detail?: unknown;
  createdBy: string;
  postedAt: Date;
}

/**
 * Appends one entry, recording the version of the year's rule data in force now (read in the same
 * statement; a year without published rules is refused by the NOT NULL column). A source already posted is left as is (INV-2) and false is returned. Entries are
 * never updated or deleted (INV-1, enforced by a trigger): corrections are `adjustment` entries.
 */
export async function appendEntry(db: Executor, e: LedgerEntryInput): Promise<boolean> {
  const { rows } = await db
    .execute(sql`
    INSERT INTO hour_ledger (member_id, year, source_type, source_id, hours_hundredths, bucket, ethics,
      lesson_id, detail, rule_set_version, created_by, posted_at)
    VALUES (${e.memberId}, ${e.year}, ${e.sourceType}, ${e.sourceId}, ${e.hoursHundredths}, ${e.bucket},
      ${e.ethics}, ${e.lessonId ?? null}, ${e.detail === undefined ? null : JSON.stringify(e.detail)}::jsonb,
      (SELECT max(version) FROM rule_versions WHERE year = ${e.year}),
      ${e.createdBy}, ${e.postedAt.toISOString()}::timestamptz)
    ON CONFLICT (source_type, source_id) DO NOTHING
    RETURNING id`)
    .catch((err: unknown) => {
      // the year-close trigger: a closed year takes no entries until it is re-opened
      if (isYearClosedError(err))
        throw new AppError('YEAR_CLOSED', `${e.year} 年度已关闭，学时不能再变动；如需更正请先重新开放该年度`);
      throw err;
    });
  return rows.length === 1;
}

export interface LedgerTotal {
  bucket: HourBucket;
  ethics: boolean;
  hundredths: number;
}

/** The member's year summed by bucket and ethics flag: the rule engine's input. */
export async function ledgerTotals(db: Executor, memberId: number, year: number): Promise<LedgerTotal[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT bucket, ethics, SUM(hours_hundredths)::int AS hundredths
    FROM hour_ledger WHERE member_id = ${memberId} AND year = ${year}
    GROUP BY bucket, ethics ORDER BY bucket, ethics`);
  return rows.map((r) => ({
    bucket: r.bucket as HourBucket,
    ethics: Boolean(r.ethics),
    hundredths: Number(r.hundredths),
  }));
}

export interface LedgerEntryRow {
  postedAt: Date;
  sourceType: HourSourceType;
  bucket: HourBucket;
  ethics: boolean;
  hundredths: number;
  courseTitle: string | null;
  lessonTitle: string | null;
  courseKind: 'required' | 'elective' | null;
  /** the training of a 面授 entry */
  trainingTitle: string | null;
  detail: unknown;
}

/**
 * Every entry of the member's year, newest first, with the course and lesson names of lesson and
 * integration entries and the training's title of 面授 entries.
 */
export async function ledgerEntries(db: Executor, memberId: number, year: number): Promise<LedgerEntryRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT h.posted_at, h.source_type, h.bucket, h.ethics, h.hours_hundredths, h.detail,
           -- lesson entries name their course and lesson; integration entries carry them in detail
           COALESCE(c.title, h.detail->>'course') AS course_title,
           COALESCE(l.title, h.detail->>'lesson') AS lesson_title,
           COALESCE(c.kind, h.detail->>'kind') AS course_kind, tr.title AS training_title
    FROM hour_ledger h
    LEFT JOIN lessons l ON l.id = h.lesson_id
    LEFT JOIN courses c ON c.id = l.course_id
    LEFT JOIN training_attendance ta ON h.source_type = 'training' AND ta.id = h.source_id
    LEFT JOIN trainings tr ON tr.id = ta.training_id
    WHERE h.member_id = ${memberId} AND h.year = ${year}
    ORDER BY h.posted_at DESC, h.id DESC`);
  return rows.map((r) => ({
    postedAt: new Date(r.posted_at as string | Date),
    sourceType: r.source_type as HourSourceType,
    bucket: r.bucket as HourBucket,
    ethics: Boolean(r.ethics),
    hundredths: Number(r.hours_hundredths),
    courseTitle: (r.course_title as string | null) ?? null,
    lessonTitle: (r.lesson_title as string | null) ?? null,
    courseKind: (r.course_kind as 'required' | 'elective' | null) ?? null,
    trainingTitle: (r.training_title as string | null) ?? null,
    detail: r.detail ?? null,
  }));
}
