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
