import { staffRoleLabels } from '@cpe/shared';
import { GreetingCard } from '../../components/GreetingCard.tsx';
import { LinkCards } from '../../components/LinkCards.tsx';
import { staffScope } from '../../layouts/StaffLayout.tsx';
import { staffPages } from '../../navigation/staff.tsx';
import { useCurrentUser, useStaffRole } from '../auth/currentUser.ts';

/** Staff console home: who is signed in, in which scope, and the functions of the role. */
export function StaffHomePage() {
  const me = useCurrentUser();
  const role = useStaffRole();
  const scope = staffScope(me);
  const pages = staffPages.filter((p) => p.roles.includes(role));
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <GreetingCard name={me.name}>
        当前角色：<strong>{staffRoleLabels[role]}</strong>
        {scope && (
          <>
            ，管理范围：<strong>{scope}</strong>
          </>
        )}
        。
      </GreetingCard>
      <LinkCards cards={pages.map((p) => ({ to: p.path, title: p.label, text: p.description }))} perRow={3} />
    </div>
  );
}
