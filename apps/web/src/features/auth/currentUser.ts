import type { Me, MemberType, StaffRole } from '@cpe/shared';
import { createContext, useContext } from 'react';

export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user inside a guarded route (RequireAuth provides it). */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside RequireAuth');
  return me;
}

export function useMemberType(): MemberType {
  const me = useCurrentUser();
  if (me.userType === 'staff') throw new Error('useMemberType in a staff route');
  return me.userType;
}

export function useStaffRole(): StaffRole {
  const me = useCurrentUser();
  if (me.userType !== 'staff' || !me.role) throw new Error('useStaffRole in a member route');
  return me.role;
}

/** Where each kind of user lands after login. */
export const homePath = (me: Me) => (me.userType === 'staff' ? '/staff' : '/member');
