import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

/** Claims as an export lists them: every claim once submitted (drafts stay the member's own). */
export interface ClaimExportFilter {
  province: string | null;
  year?: number;
  status?: string;
}

export interface ClaimExportRow {
  id: number;
  username: string;
  name: string;
  province: string;
  year: number;
  item: string;
  title: string;
  computedHundredths: number | null;
  grantedHundredths: number | null;
  status: string;
  submittedAt: Date | null;
  decidedAt: Date | null;
  reviewer: string | null;
}

function claimWhere(f: ClaimExportFilter) {
  return sql`c.status <> 'draft'${f.province ? sql` AND m.province_code = ${f.province}` : sql``}${
    f.year ? sql` AND c.year = ${f.year}` : sql``
  }${f.status ? sql` AND c.status = ${f.status}` : sql``}`;
}

export async function countClaimsForExport(db: Executor, f: ClaimExportFilter): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    SELECT count(*)::int AS n FROM output_claims c JOIN members m ON m.id = c.member_id WHERE ${claimWhere(f)}`);
  return Number(rows[0]?.n ?? 0);
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The claims in keyset pages by id, with the member, province and reviewer names. */
export async function* claimExportPages(
  db: Executor,
  f: ClaimExportFilter,
  pageSize = 2000,
): AsyncGenerator<ClaimExportRow[]> {
  let after = 0;
  for (;;) {
    const { rows } = await db.execute<Row>(sql`
      SELECT c.id, m.username, m.name, p.name AS province, c.year, c.item,
        COALESCE(c.details->>'title', c.details->>'degree', c.details->>'qualification', '') AS title,
        c.computed_hundredths, c.granted_hundredths, c.status, c.submitted_at, c.decided_at,
        s.name AS reviewer
      FROM output_claims c JOIN members m ON m.id = c.member_id
        JOIN provinces p ON p.code = m.province_code LEFT JOIN staff s ON s.id = c.reviewer_id
      WHERE ${claimWhere(f)} AND c.id > ${after} ORDER BY c.id LIMIT ${pageSize}`);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      id: Number(r.id),
      username: String(r.username),
      name: String(r.name),
      province: String(r.province),
      year: Number(r.year),
      item: String(r.item),
      title: String(r.title),
      computedHundredths: int(r.computed_hundredths),
      grantedHundredths: int(r.granted_hundredths),
      status: String(r.status),
      submittedAt: date(r.submitted_at),
      decidedAt: date(r.decided_at),
      reviewer: (r.reviewer as string | null) ?? null,
    }));
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < pageSize) return;
  }
}
