import { maskIdNumber, maskMobile } from '@cpe/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface MemberFilter {
  province: string | null;
  memberType?: string;
}

function memberWhere(f: MemberFilter) {
  return sql`TRUE${f.province ? sql` AND m.province_code = ${f.province}` : sql``}${
    f.memberType ? sql` AND m.member_type = ${f.memberType}` : sql``
  }`;
}

export async function countMembers(db: Executor, f: MemberFilter): Promise<number> {
  const { rows } = await db.execute<Row>(
    sql`SELECT count(*)::int AS n FROM members m WHERE ${memberWhere(f)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Members in keyset pages with ID and mobile numbers masked (PI-2), for the members export. */
export async function* memberPages(db: Executor, f: MemberFilter, pageSize = 2000) {
  let after = 0;
  for (;;) {
    const { rows } = await db.execute<Row>(sql`
      SELECT m.id, m.username, m.name, m.member_type, p.name AS province, f.name AS firm, m.id_number, m.mobile,
             to_char(m.registered_on, 'YYYY-MM-DD') AS registered_on, m.disabled
      FROM members m JOIN provinces p ON p.code = m.province_code LEFT JOIN firms f ON f.id = m.firm_id
      WHERE ${memberWhere(f)} AND m.id > ${after} ORDER BY m.id LIMIT ${pageSize}`);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      username: String(r.username),
      name: String(r.name),
      memberType: r.member_type === 'practicing' ? '执业会员' : '非执业会员',
      province: String(r.province),
      firm: (r.firm as string | null) ?? '',
      idNumber: maskIdNumber(String(r.id_number)),
      mobile: maskMobile(String(r.mobile)),
      registeredOn: String(r.registered_on),
      state: r.disabled ? '已停用' : '正常',
    }));
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < pageSize) return;
  }
}

export interface ImportedMember {
  username: string;
  name: string;
  memberType: 'practicing' | 'non_practicing';
  idNumber: string;
  mobile: string;
  provinceCode: string;
  firm: string | null;
  registeredOn: string;
}

export interface ExistingMember extends ImportedMember {
  id: number;
}

export async function provinceCodes(db: Executor): Promise<Map<string, string>> {
  const { rows } = await db.execute<Row>(sql`SELECT code, name FROM provinces`);
  const byText = new Map<string, string>();
  for (const r of rows) {
    byText.set(String(r.code), String(r.code));
    byText.set(String(r.name), String(r.code));
  }
  return byText;
}

/** The members with these certificate numbers, as the import compares them. */
export async function membersByUsername(db: Executor, usernames: string[]): Promise<ExistingMember[]> {
  if (usernames.length === 0) return [];
  const { rows } = await db.execute<Row>(sql`
    SELECT m.id, m.username, m.name, m.member_type, m.id_number, m.mobile, m.province_code, f.name AS firm,
           to_char(m.registered_on, 'YYYY-MM-DD') AS registered_on
    FROM members m LEFT JOIN firms f ON f.id = m.firm_id
    WHERE m.username IN (SELECT jsonb_array_elements_text(${JSON.stringify(usernames)}::jsonb))`);
  return rows.map((r) => ({
    id: Number(r.id),
    username: String(r.username),
    name: String(r.name),
    memberType: r.member_type as ImportedMember['memberType'],
    idNumber: String(r.id_number),
    mobile: String(r.mobile),
    provinceCode: String(r.province_code),
    firm: (r.firm as string | null) ?? null,
    registeredOn: String(r.registered_on),
  }));
}

/** One import at a time: the second waits for the first to commit, then sees its rows. */
export async function lockMemberImport(db: Executor) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('cpe.member-import'))`);
}

/** Firms named by practicing rows, created when new (a firm's name is unique). */
export async function ensureFirms(db: Executor, firms: { name: string; provinceCode: string }[]) {
  if (firms.length === 0) return;
  await db.execute(sql`
    INSERT INTO firms (name, province_code)
    SELECT r.name, r."provinceCode" FROM jsonb_to_recordset(${JSON.stringify(firms)}::jsonb)
      AS r(name text, "provinceCode" text)
    ON CONFLICT (name) DO NOTHING`);
}

/** New members, without a password: they set one through password recovery. */
export async function insertMembers(db: Executor, members: ImportedMember[]) {
  if (members.length === 0) return;
  await db.execute(sql`
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id, registered_on,
      password_hash)
    SELECT r."memberType", r.username, r.name, r."idNumber", r.mobile, r."provinceCode", f.id,
           r."registeredOn"::date, NULL
    FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS r("memberType" text, username text, name text,
      "idNumber" text, mobile text, "provinceCode" text, firm text, "registeredOn" text)
    LEFT JOIN firms f ON f.name = r.firm`);
}

export async function updateMembers(db: Executor, members: ImportedMember[]) {
  if (members.length === 0) return;
  await db.execute(sql`
    UPDATE members m SET name = r.name, id_number = r."idNumber", mobile = r.mobile,
      province_code = r."provinceCode", firm_id = f.id, registered_on = r."registeredOn"::date
    FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS r(username text, name text,
      "idNumber" text, mobile text, "provinceCode" text, firm text, "registeredOn" text)
    LEFT JOIN firms f ON f.name = r.firm
    WHERE m.username = r.username`);
}
