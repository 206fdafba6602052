import { type Me, maskIdNumber, maskMobile } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { findStaffProfile, memberProfile } from './me.repository.ts';

/** The signed-in user as the API presents it: phone and ID numbers masked (PI-1). */
export function meService({ db, database }: Deps) {
  return {
    async describe(kind: 'member' | 'staff', id: number): Promise<Me> {
      if (kind === 'member') {
        const m = await memberProfile(database, id);
        if (!m) throw notFound('账户');
        return {
          id: m.id,
          userType: m.memberType,
          username: m.username,
          name: m.name,
          province: m.province,
          mobile: maskMobile(m.mobile),
          idNumber: maskIdNumber(m.idNumber),
          registeredOn: m.registeredOn,
          firm: m.firm,
        };
      }
      const row = await findStaffProfile(db, id);
      if (!row) throw notFound('账户');
      return {
        id: row.s.id,
        userType: 'staff',
        username: row.s.username,
        name: row.s.name,
        province: row.province,
        role: row.s.role,
        institute: row.institute ? { id: row.institute.id, name: row.institute.name } : null,
      };
    },
  };
}
export type MeService = ReturnType<typeof meService>;
