import { type Me, maskIdNumber, maskMobile } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { type Profile, profile, sessionProfile } from './me.repository.ts';

/** The signed-in user as the API presents it: phone and ID numbers masked (PI-1). */
function presented(p: Profile): Me {
  if (p.kind === 'member')
    return {
      id: p.id,
      userType: p.memberType,
      username: p.username,
      name: p.name,
      province: p.province,
      mobile: maskMobile(p.mobile),
      idNumber: maskIdNumber(p.idNumber),
      registeredOn: p.registeredOn,
      firm: p.firm,
    };
  return {
    id: p.id,
    userType: 'staff',
    username: p.username,
    name: p.name,
    province: p.province,
    role: p.role,
    institute: p.institute,
  };
}

/** What `/api/me` read beside the session (access.ts `sessionWith`): the profile of the session's account. */
export interface SessionMe {
  kind: 'member' | 'staff';
  id: number;
  profile: Profile | null;
}

export function meService({ database }: Deps) {
  return {
    async describe(kind: 'member' | 'staff', id: number, read?: SessionMe): Promise<Me> {
      // the profile read with the session, when it is this account's; otherwise read it now
      const found = read?.kind === kind && read.id === id ? read.profile : await profile(database, kind, id);
      if (!found) throw notFound('账户');
      return presented(found);
    },

    /** The route's session read: the session and its account's profile in one statement. */
    async readWithSession(tokenHash: string) {
      const { session, profile } = await sessionProfile(database, tokenHash);
      const data: SessionMe | null = session && {
        kind: session.principal.kind,
        id: session.principal.id,
        profile,
      };
      return { session, data };
    },
  };
}
export type MeService = ReturnType<typeof meService>;
