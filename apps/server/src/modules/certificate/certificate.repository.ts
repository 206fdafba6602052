import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface CertificateRow {
  code: string;
  memberId: number;
  year: number;
  totalHundredths: number;
  ruleVersion: number;
  issuedAt: Date;
  revokedAt: Date | null;
}

const toCertificate = (r: Row): CertificateRow => ({
  code: String(r.code),
  memberId: Number(r.member_id),
  year: Number(r.year),
  totalHundredths: Number(r.total_hundredths),
  ruleVersion: Number(r.rule_version),
  issuedAt: new Date(r.issued_at as string),
  revokedAt: r.revoked_at ? new Date(r.revoked_at as string) : null,
});

export async function liveCertificate(db: Executor, memberId: number, year: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT * FROM certificates WHERE member_id = ${memberId} AND year = ${year} AND revoked_at IS NULL
    FOR UPDATE`);
  return rows[0] ? toCertificate(rows[0]) : null;
}

export async function revokeCertificate(db: Executor, code: string, at: Date) {
  await db.execute(
    sql`UPDATE certificates SET revoked_at = ${at.toISOString()}::timestamptz WHERE code = ${code}`,
  );
}

/** Issues one; a concurrent issue for the same member-year loses on the live unique index and reads the winner. */
export async function insertCertificate(db: Executor, c: Omit<CertificateRow, 'revokedAt'>) {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO certificates (code, member_id, year, total_hundredths, rule_version, issued_at)
    VALUES (${c.code}, ${c.memberId}, ${c.year}, ${c.totalHundredths}, ${c.ruleVersion},
      ${c.issuedAt.toISOString()}::timestamptz)
    ON CONFLICT (member_id, year) WHERE revoked_at IS NULL DO NOTHING
    RETURNING *`);
  return rows[0] ? toCertificate(rows[0]) : null;
}

export async function certificateByCode(db: Executor, code: string) {
  const { rows } = await db.execute<Row>(sql`
    SELECT c.*, m.name FROM certificates c JOIN members m ON m.id = c.member_id WHERE c.code = ${code}`);
  return rows[0] ? { ...toCertificate(rows[0]), name: String(rows[0].name) } : null;
}

export async function certificateHolder(db: Executor, memberId: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT m.name, m.username, m.id_number, m.member_type, p.name AS province
    FROM members m JOIN provinces p ON p.code = m.province_code WHERE m.id = ${memberId}`);
  const r = rows[0];
  return r
    ? {
        name: String(r.name),
        username: String(r.username),
        idNumber: String(r.id_number),
        memberType: r.member_type as 'practicing' | 'non_practicing',
        province: String(r.province),
      }
    : null;
}
