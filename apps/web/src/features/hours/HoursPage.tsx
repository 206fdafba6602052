import { UnderConstruction } from '../../components/UnderConstruction.tsx';
import { memberPageInfo } from '../member/pageInfo.ts';

/** 学时查询: placeholder until the learning API (packages/shared/src/learning.ts) lands. */
export function HoursPage() {
  return <UnderConstruction title="学时查询" description={memberPageInfo.hours()} />;
}
