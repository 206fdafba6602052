import { UnderConstruction } from '../../components/UnderConstruction.tsx';
import { memberPageInfo } from '../member/pageInfo.ts';

export function NoticesPage() {
  return <UnderConstruction title="培训通知" description={memberPageInfo.notices()} />;
}
