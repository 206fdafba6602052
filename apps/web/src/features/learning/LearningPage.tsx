import { UnderConstruction } from '../../components/UnderConstruction.tsx';
import { memberPageInfo } from '../member/pageInfo.ts';

/** 在线学习: placeholder until the learning API (packages/shared/src/learning.ts) lands. */
export function LearningPage() {
  return <UnderConstruction title="在线学习" description={memberPageInfo.learning()} />;
}
