import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
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
