import { staffRoleLabels } from '@cpe/shared';
import { useMemo } from 'react';
import { useCurrentUser, useStaffRole } from '../features/auth/currentUser.ts';
import { staffHomePath, staffNav } from '../navigation/staff.tsx';
import { AppShell } from './AppShell.tsx';

/** What a staff account may see: the whole country, one province, or one institute. */
export function staffScope(me: ReturnType<typeof useCurrentUser>): string | null {
  if (me.institute) return me.institute.name;
  if (me.province) return `${me.province.name}注协`;
  if (me.role === 'national_admin') return '全国';
  return null;
}

/** Staff console: menus by role. */
export function StaffLayout() {
  const me = useCurrentUser();
  const role = useStaffRole();
  const nav = useMemo(() => staffNav(role), [role]);
  const scope = staffScope(me);
  const tags = [staffRoleLabels[role], ...(scope ? [scope] : [])];
  return <AppShell nav={nav} homePath={staffHomePath} user={{ name: me.name, tags }} />;
}
