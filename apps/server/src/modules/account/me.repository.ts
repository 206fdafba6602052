import { eq } from 'drizzle-orm';
import type { Database, Executor, PreparedStatement } from '../../db/client.ts';
import { firms, institutes, members, provinces, staff } from '../../db/schema/index.ts';

/** A member with the province and, for practicing members, the firm. */
export async function findMemberProfile(db: Executor, id: number) {
  const [row] = await db
    .select({ m: members, province: provinces, firm: firms })
    .from(members)
    .innerJoin(provinces, eq(provinces.code, members.provinceCode))
    .leftJoin(firms, eq(firms.id, members.firmId))
    .where(eq(members.id, id));
  return row ?? null;
}

/** A staff account with its province (reviewers) or institute (institute admins). */
export async function findStaffProfile(db: Executor, id: number) {
  const [row] = await db
    .select({ s: staff, province: provinces, institute: institutes })
    .from(staff)
    .leftJoin(provinces, eq(provinces.code, staff.provinceCode))
    .leftJoin(institutes, eq(institutes.id, staff.instituteId))
    .where(eq(staff.id, id));
  return row ?? null;
}

const MEMBER_PROFILE: PreparedStatement = {
  name: 'cpe_member_profile',
  types: ['int'],
  text: `
    SELECT m.id, m.member_type, m.username, m.name, m.mobile, m.id_number,
           to_char(m.registered_on, 'YYYY-MM-DD') AS registered_on,
           p.code AS province_code, p.name AS province_name, f.id AS firm_id, f.name AS firm_name
      FROM members m
      JOIN provinces p ON p.code = m.province_code
      LEFT JOIN firms f ON f.id = m.firm_id
     WHERE m.id = $1`,
};

/**
 * The member's profile as `/api/me` shows it, as a prepared statement with only the columns shown (every
 * page of the portal asks for it).
 */
export async function memberProfile(database: Database, id: number) {
  const [r] = await database.prepared<Record<string, unknown>>(MEMBER_PROFILE, [id]);
  if (!r) return null;
  return {
    id: Number(r.id),
    memberType: r.member_type as 'practicing' | 'non_practicing',
    username: String(r.username),
    name: String(r.name),
    mobile: String(r.mobile),
    idNumber: String(r.id_number),
    registeredOn: String(r.registered_on),
    province: { code: String(r.province_code), name: String(r.province_name) },
    firm:
      r.firm_id === null || r.firm_id === undefined
        ? null
        : { id: Number(r.firm_id), name: String(r.firm_name) },
  };
}
