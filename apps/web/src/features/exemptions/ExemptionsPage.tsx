import { UnderConstruction } from '../../components/UnderConstruction.tsx';
import { memberLabels } from '../../navigation/member.tsx';
import { useMemberType } from '../auth/currentUser.ts';
import { memberPageInfo } from '../member/pageInfo.ts';

/** 豁免学时 (practicing) / 减免学时 (non-practicing). */
export function ExemptionsPage() {
  const type = useMemberType();
  return (
    <UnderConstruction title={memberLabels[type].exemptions} description={memberPageInfo.exemptions(type)} />
  );
}
