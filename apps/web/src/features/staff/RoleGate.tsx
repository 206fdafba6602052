import type { StaffRole } from '@cpe/shared';
import type { ReactNode } from 'react';
import { ForbiddenPage } from '../../components/NotFoundPage.tsx';
import { useStaffRole } from '../auth/currentUser.ts';

/** Shows a staff page only to the roles it is for (the server checks again on every call). */
export function RoleGate({ roles, children }: { roles: readonly StaffRole[]; children: ReactNode }) {
  const role = useStaffRole();
  return roles.includes(role) ? children : <ForbiddenPage />;
}
