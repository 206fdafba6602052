import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import type { HourBucket, HourSourceType } from '../ledger/ledger.repository.ts';

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);

/** The highest ledger id now: entries up to it are applied by a refresh that starts now. */
export async function ledgerHighWater(db: Executor): Promise<number> {
  const { rows } = await db.execute<Row>(sql`SELECT COALESCE(max(id), 0) AS id FROM hour_ledger`);
  return n(rows[0]?.id);
}

export async function refreshState(db: Executor, year: number) {
  const { rows } = await db.execute<Row>(
    sql`SELECT ledger_watermark, refreshed_at FROM compliance_refresh WHERE year = ${year}`,
  );
  const r = rows[0];
  return r ? { watermark: n(r.ledger_watermark), refreshedAt: new Date(r.refreshed_at as string) } : null;
}

export async function saveRefreshState(db: Executor, year: number, watermark: number, at: Date) {
  await db.execute(sql`
    INSERT INTO compliance_refresh (year, ledger_watermark, refreshed_at)
    VALUES (${year}, ${watermark}, ${at.toISOString()}::timestamptz)
    ON CONFLICT (year) DO UPDATE SET ledger_watermark = EXCLUDED.ledger_watermark,
      refreshed_at = EXCLUDED.refreshed_at`);
}

/**
 * Up to `limit` member ids after `afterId` whose status for the year must be (re)computed: members
 * without a status yet, statuses computed under another rule version, and members with ledger entries
 * of the year past the watermark. Frozen (closed-year) statuses are left alone.
 */
export async function membersToRefresh(
  db: Executor,
  year: number,
  opts: { watermark: number; ruleVersion: number; afterId: number; limit: number },
): Promise<number[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT m.id FROM members m
    LEFT JOIN compliance_status s ON s.member_id = m.id AND s.year = ${year}
    WHERE m.id > ${opts.afterId} AND m.registered_on <= make_date(${year}, 12, 31)
      AND (s.member_id IS NULL OR (NOT s.frozen AND (s.rule_version <> ${opts.ruleVersion}
        OR m.id IN (SELECT member_id FROM hour_ledger WHERE year = ${year} AND id > ${opts.watermark}))))
    ORDER BY m.id LIMIT ${opts.limit}`);
  return rows.map((r) => n(r.id));
}

export interface MemberYearFacts {
  memberId: number;
  memberType: 'practicing' | 'non_practicing';
  registeredOn: string;
  provinceCode: string;
  instituteId: number | null;
}

export async function memberFactsOf(db: Executor, ids: number[], year: number): Promise<MemberYearFacts[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.execute<Row>(sql`
    SELECT m.id, m.member_type, to_char(m.registered_on, 'YYYY-MM-DD') AS registered_on, m.province_code,
           c.institute_id
    FROM members m LEFT JOIN institute_choices c ON c.member_id = m.id AND c.year = ${year}
    WHERE m.id = ANY(${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::int[]`)})`);
  return rows.map((r) => ({
    memberId: n(r.id),
    memberType: r.member_type as MemberYearFacts['memberType'],
    registeredOn: String(r.registered_on),
    provinceCode: String(r.province_code),
    instituteId: r.institute_id === null ? null : n(r.institute_id),
  }));
}

export interface LedgerFactRow {
  memberId: number;
  sourceType: HourSourceType;
  bucket: HourBucket;
  ethics: boolean;
  hundredths: number;
  detail: unknown;
}

/** The ledger entries of the year of several members at once (the refresh's batch). */
export async function ledgerFactsOf(db: Executor, ids: number[], year: number): Promise<LedgerFactRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.execute<Row>(sql`
    SELECT member_id, source_type, bucket, ethics, hours_hundredths, detail FROM hour_ledger
    WHERE year = ${year} AND member_id = ANY(${sql.raw(`ARRAY[${ids.map(Number).join(',')}]::int[]`)})`);
  return rows.map((r) => ({
    memberId: n(r.member_id),
    sourceType: r.source_type as HourSourceType,
    bucket: r.bucket as HourBucket,
    ethics: Boolean(r.ethics),
    hundredths: n(r.hours_hundredths),
    detail: r.detail ?? null,
  }));
}

export interface StatusRow {
  memberId: number;
  status: 'compliant' | 'short' | 'exempt';
  memberType: string;
  provinceCode: string;
  instituteId: number | null;
  creditedHundredths: number;
  requiredHundredths: number;
  ruleVersion: number;
}

/** Writes a batch of statuses; the first time a member becomes compliant is kept for the curve. */
export async function upsertStatuses(db: Executor, year: number, rows: StatusRow[], at: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    INSERT INTO compliance_status (member_id, year, status, member_type, province_code, institute_id,
      credited_hundredths, required_hundredths, rule_version, completed_at, refreshed_at)
    SELECT r."memberId", ${year}, r.status, r."memberType", r."provinceCode", r."instituteId",
      r."creditedHundredths", r."requiredHundredths", r."ruleVersion",
      CASE WHEN r.status = 'compliant' THEN ${at.toISOString()}::timestamptz END, ${at.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("memberId" int, status text,
      "memberType" text, "provinceCode" text, "instituteId" int, "creditedHundredths" int,
      "requiredHundredths" int, "ruleVersion" int)
    ORDER BY r."memberId"
    ON CONFLICT (member_id, year) DO UPDATE SET
      status = EXCLUDED.status, member_type = EXCLUDED.member_type, province_code = EXCLUDED.province_code,
      institute_id = EXCLUDED.institute_id, credited_hundredths = EXCLUDED.credited_hundredths,
      required_hundredths = EXCLUDED.required_hundredths, rule_version = EXCLUDED.rule_version,
      completed_at = CASE WHEN EXCLUDED.status = 'compliant'
        THEN COALESCE(compliance_status.completed_at, EXCLUDED.completed_at) END,
      refreshed_at = EXCLUDED.refreshed_at
    WHERE NOT compliance_status.frozen`);
}

export async function freezeStatuses(db: Executor, year: number, frozen: boolean) {
  await db.execute(sql`UPDATE compliance_status SET frozen = ${frozen} WHERE year = ${year}`);
}

const provinceFilter = (province: string | null) =>
  province === null ? sql`` : sql` AND s.province_code = ${province}`;

const countColumns = sql`
  count(*) FILTER (WHERE s.status = 'compliant')::int AS compliant,
  count(*) FILTER (WHERE s.status = 'short')::int AS short,
  count(*) FILTER (WHERE s.status = 'exempt')::int AS exempt`;

const countsOf = (r: Row) => ({ compliant: n(r.compliant), short: n(r.short), exempt: n(r.exempt) });

/** The dashboard's figures for a year, nationwide or for one province: a few GROUP BYs over statuses. */
export async function complianceFigures(db: Executor, year: number, province: string | null) {
  const where = sql`s.year = ${year}${provinceFilter(province)}`;
  const [totals, byProvince, byType, byInstitute, curve] = await Promise.all([
    db.execute<Row>(sql`SELECT ${countColumns} FROM compliance_status s WHERE ${where}`),
    db.execute<Row>(sql`
      SELECT p.code, p.name, ${countColumns} FROM compliance_status s
      JOIN provinces p ON p.code = s.province_code WHERE ${where} GROUP BY p.code, p.name ORDER BY p.code`),
    db.execute<Row>(sql`
      SELECT s.member_type, ${countColumns} FROM compliance_status s WHERE ${where}
      GROUP BY s.member_type ORDER BY s.member_type DESC`),
    db.execute<Row>(sql`
      SELECT s.institute_id, i.name, ${countColumns} FROM compliance_status s
      LEFT JOIN institutes i ON i.id = s.institute_id WHERE ${where}
      GROUP BY s.institute_id, i.name ORDER BY s.institute_id NULLS LAST`),
    db.execute<Row>(sql`
      SELECT extract(month FROM s.completed_at AT TIME ZONE 'Asia/Shanghai')::int AS month,
             extract(year FROM s.completed_at AT TIME ZONE 'Asia/Shanghai')::int AS y, count(*)::int AS n
      FROM compliance_status s WHERE ${where} AND s.status = 'compliant' AND s.completed_at IS NOT NULL
      GROUP BY 1, 2`),
  ]);
  return {
    totals: countsOf(totals.rows[0] ?? {}),
    byProvince: byProvince.rows.map((r) => ({ code: String(r.code), name: String(r.name), ...countsOf(r) })),
    byMemberType: byType.rows.map((r) => ({
      memberType: r.member_type as 'practicing' | 'non_practicing',
      ...countsOf(r),
    })),
    byInstitute: byInstitute.rows.map((r) => ({
      instituteId: r.institute_id === null ? null : n(r.institute_id),
      name: r.name === null ? '未选择学院' : String(r.name),
      ...countsOf(r),
    })),
    completions: curve.rows.map((r) => ({ year: n(r.y), month: n(r.month), count: n(r.n) })),
  };
}

export interface ListFilter {
  year: number;
  province: string | null;
  status?: string;
  memberType?: string;
  institute?: number;
}

function listWhere(f: ListFilter) {
  return sql`s.year = ${f.year}${provinceFilter(f.province)}
    ${f.status ? sql` AND s.status = ${f.status}` : sql``}
    ${f.memberType ? sql` AND s.member_type = ${f.memberType}` : sql``}
    ${f.institute ? sql` AND s.institute_id = ${f.institute}` : sql``}`;
}

const listSelect = sql`
  SELECT s.member_id, m.username, m.name, s.member_type, p.name AS province, i.name AS institute, s.status,
         s.credited_hundredths, s.required_hundredths
  FROM compliance_status s
  JOIN members m ON m.id = s.member_id
  JOIN provinces p ON p.code = s.province_code
  LEFT JOIN institutes i ON i.id = s.institute_id`;

const listRow = (r: Row) => ({
  memberId: n(r.member_id),
  username: String(r.username),
  name: String(r.name),
  memberType: r.member_type as 'practicing' | 'non_practicing',
  province: String(r.province),
  institute: (r.institute as string | null) ?? null,
  status: r.status as 'compliant' | 'short' | 'exempt',
  creditedHours: n(r.credited_hundredths) / 100,
  requiredHours: n(r.required_hundredths) / 100,
});
export type ComplianceListRow = ReturnType<typeof listRow>;

export async function complianceList(db: Executor, f: ListFilter, page: number, pageSize: number) {
  const where = listWhere(f);
  const [count, rows] = await Promise.all([
    db.execute<Row>(sql`SELECT count(*)::int AS n FROM compliance_status s WHERE ${where}`),
    db.execute<Row>(sql`${listSelect} WHERE ${where} ORDER BY s.member_id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
  ]);
  return { total: n(count.rows[0]?.n), rows: rows.rows.map(listRow) };
}

/** The same list in keyset pages, for exports: memory stays flat whatever the row count. */
export async function* complianceListPages(db: Executor, f: ListFilter, pageSize = 2000) {
  let after = 0;
  for (;;) {
    const { rows } = await db.execute<Row>(sql`${listSelect} WHERE ${listWhere(f)} AND s.member_id > ${after}
      ORDER BY s.member_id LIMIT ${pageSize}`);
    if (rows.length === 0) return;
    yield rows.map(listRow);
    after = n(rows[rows.length - 1]!.member_id);
    if (rows.length < pageSize) return;
  }
}

export async function complianceCount(db: Executor, f: ListFilter): Promise<number> {
  const { rows } = await db.execute<Row>(
    sql`SELECT count(*)::int AS n FROM compliance_status s WHERE ${listWhere(f)}`,
  );
  return n(rows[0]?.n);
}

export async function memberProvince(db: Executor, memberId: number): Promise<string | null> {
  const { rows } = await db.execute<Row>(sql`SELECT province_code FROM members WHERE id = ${memberId}`);
  return rows[0] ? String(rows[0].province_code) : null;
}

export async function memberStatus(db: Executor, memberId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT status, credited_hundredths, rule_version FROM compliance_status
    WHERE member_id = ${memberId} AND year = ${year}`);
  const r = rows[0];
  return r
    ? {
        status: String(r.status),
        creditedHundredths: n(r.credited_hundredths),
        ruleVersion: n(r.rule_version),
      }
    : null;
}
