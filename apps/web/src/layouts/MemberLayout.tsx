import { userTypeLabels } from '@cpe/shared/login';
import { useMemo } from 'react';
import { useCurrentUser, useMemberType } from '../features/auth/currentUser.ts';
import { memberNav } from '../navigation/member.tsx';
import { MemberShell } from './MemberShell.tsx';

/** Member portal: the guide's left menu, labelled for the member's type, in the plain frame. */
export function MemberLayout() {
  const me = useCurrentUser();
  const type = useMemberType();
  const nav = useMemo(() => memberNav(type), [type]);
  const tags = [userTypeLabels[type], ...(me.province ? [me.province.name] : [])];
  return <MemberShell nav={nav} user={{ name: me.name, tags }} />;
}
