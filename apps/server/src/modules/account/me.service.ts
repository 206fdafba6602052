import { type Me, maskIdNumber, maskMobile } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { findMemberProfile, findStaffProfile } from './me.repository.ts';

/** The signed-in user as the API presents it: phone and ID numbers masked (PI-1). */
export function meService({ db }: Deps) {
  return {
    async describe(kind: 'member' | 'staff', id: number): Promise<Me> {
      if (kind === 'member') {
        const row = await findMemberProfile(db, id);
        if (!row) throw notFound('账户');
        return {
          id: row.m.id,
          userType: row.m.memberType,
          username: row.m.username,
          name: row.m.name,
          province: row.province,
          mobile: maskMobile(row.m.mobile),
          idNumber: maskIdNumber(row.m.idNumber),
          registeredOn: row.m.registeredOn,
          firm: row.firm ? { id: row.firm.id, name: row.firm.name } : null,
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
