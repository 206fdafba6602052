import { UnderConstruction } from '../../components/UnderConstruction.tsx';
import { memberLabels } from '../../navigation/member.tsx';
import { useMemberType } from '../auth/currentUser.ts';
import { memberPageInfo } from '../member/pageInfo.ts';

/** 产出法形式学时 (practicing) / 产出式学时 (non-practicing). */
export function OutputHoursPage() {
  const type = useMemberType();
  return (
    <UnderConstruction
      title={memberLabels[type].outputHours}
      description={memberPageInfo.outputHours(type)}
    />
  );
}
