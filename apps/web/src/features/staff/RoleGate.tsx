import type { StaffRole } from '@cpe/shared';
import type { ReactNode } from 'react';
import { ForbiddenPage } from '../../components/NotFoundPage.tsx';
import { useStaffRole } from '../auth/currentUser.ts';

export interface RoleGateProps {
  roles: readonly StaffRole[];
  children: ReactNode;
}

/** Shows a staff page only to the roles it is for (the server checks again on every call). */
export function RoleGate({ roles, children }: RoleGateProps) {
  const role = useStaffRole();
  return roles.includes(role) ? children : <ForbiddenPage />;
}
