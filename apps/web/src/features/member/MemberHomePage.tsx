import type { MemberType } from '@cpe/shared';
// The zod-free labels: the member home downloads neither zod nor antd.
import { userTypeLabels } from '@cpe/shared/login';
import { useDeferredValue } from 'react';
import { GreetingCard } from '../../components/GreetingCard.tsx';
import { LinkCards } from '../../components/LinkCards.tsx';
import { Card } from '../../components/ui.tsx';
import { memberLabels, memberPaths } from '../../navigation/member.tsx';
import { useCurrentUser, useMemberType } from '../auth/currentUser.ts';
import { usePlan } from '../plan/api.ts';
import { PlanCard } from '../plan/PlanCard.tsx';
import { currentCycleYear, memberPageInfo } from './pageInfo.ts';

function shortcuts(type: MemberType) {
  const labels = memberLabels[type];
  return [
    { to: memberPaths.learning, title: '在线学习', text: memberPageInfo.learning() },
    { to: memberPaths.hours, title: '学时查询', text: memberPageInfo.hours() },
    { to: memberPaths.outputHours, title: labels.outputHours, text: memberPageInfo.outputHours(type) },
    { to: memberPaths.exemptions, title: labels.exemptions, text: memberPageInfo.exemptions(type) },
  ];
}

/**
 * Member home: greeting, the member's own (masked) details and the way into each function. The first
 * page after login, so plain React and CSS (components/ui.css): a phone shows it without antd.
 */
export function MemberHomePage() {
  const me = useCurrentUser();
  const type = useMemberType();
  const year = currentCycleYear();
  // The plan's height is known only once it arrives: the cards under it wait for it rather than jump
  // down the screen when it does (the query is PlanCard's own, fetched once), and render with it, from
  // the deferred value as PlanCard does.
  const planSettled = useDeferredValue(!usePlan().isPending);
  const items: { label: string; value: string }[] = [
    { label: '会员类型', value: userTypeLabels[type] },
    { label: type === 'practicing' ? '注册会计师证书编号' : '会员证书编号', value: me.username },
    { label: '所属地方注协', value: me.province?.name ?? '—' },
    ...(type === 'practicing' ? [{ label: '所在事务所', value: me.firm?.name ?? '—' }] : []),
    { label: '手机号码', value: me.mobile ?? '—' },
    { label: '身份证号码', value: me.idNumber ?? '—' },
    { label: type === 'practicing' ? '注册日期' : '入会日期', value: me.registeredOn ?? '—' },
  ];
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <GreetingCard name={me.name}>
        欢迎使用注册会计师继续教育系统。当前为 <strong>{year} 年度</strong>
        ，请在本年度内完成继续教育学时。您登记的手机号码为 <strong>{me.mobile ?? '—'}</strong>
        ，找回密码时短信验证码将发送至该号码。
      </GreetingCard>
      <PlanCard />
      {planSettled && (
        <>
          <Card title="我的信息">
            <dl className="ui-descriptions">
              {items.map((i) => (
                <div key={i.label}>
                  <dt>{i.label}</dt>
                  <dd>{i.value}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <LinkCards cards={shortcuts(type)} perRow={4} />
        </>
      )}
    </div>
  );
}
