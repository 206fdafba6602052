import { userTypeLabels } from '@cpe/shared';
import { useMemo } from 'react';
import { useCurrentUser, useMemberType } from '../features/auth/currentUser.ts';
import { MessagesBadge } from '../features/messages/MessagesBadge.tsx';
import { memberNav, memberPaths } from '../navigation/member.tsx';
import { AppShell } from './AppShell.tsx';

/** Member portal: the guide's left menu, labelled for the member's type. */
export function MemberLayout() {
  const me = useCurrentUser();
  const type = useMemberType();
  const nav = useMemo(() => memberNav(type), [type]);
  const tags = [userTypeLabels[type], ...(me.province ? [me.province.name] : [])];
  return (
    <AppShell
      nav={nav}
      homePath={memberPaths.home}
      user={{ name: me.name, tags }}
      securityPath={memberPaths.security}
      extra={<MessagesBadge />}
    />
  );
}
