import { type MemberType, userTypeLabels } from '@cpe/shared';
import { Card, Descriptions, type DescriptionsProps } from 'antd';
import { GreetingCard } from '../../components/GreetingCard.tsx';
import { LinkCards } from '../../components/LinkCards.tsx';
import { memberLabels, memberPaths } from '../../navigation/member.tsx';
import { useCurrentUser, useMemberType } from '../auth/currentUser.ts';
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

/** Member home: greeting, the member's own (masked) details and the way into each function. */
export function MemberHomePage() {
  const me = useCurrentUser();
  const type = useMemberType();
  const year = currentCycleYear();
  const items: DescriptionsProps['items'] = [
    { key: 'type', label: '会员类型', children: userTypeLabels[type] },
    {
      key: 'username',
      label: type === 'practicing' ? '注册会计师证书编号' : '会员证书编号',
      children: me.username,
    },
    { key: 'province', label: '所属地方注协', children: me.province?.name ?? '—' },
    ...(type === 'practicing' ? [{ key: 'firm', label: '所在事务所', children: me.firm?.name ?? '—' }] : []),
    { key: 'mobile', label: '手机号码', children: me.mobile ?? '—' },
    { key: 'id', label: '身份证号码', children: me.idNumber ?? '—' },
    {
      key: 'registered',
      label: type === 'practicing' ? '注册日期' : '入会日期',
      children: me.registeredOn ?? '—',
    },
  ];
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <GreetingCard name={me.name}>
        欢迎使用注册会计师继续教育系统。当前为 <strong>{year} 年度</strong>
        ，请在本年度内完成继续教育学时。您登记的手机号码为 <strong>{me.mobile ?? '—'}</strong>
        ，找回密码时短信验证码将发送至该号码。
      </GreetingCard>
      <PlanCard />
      <Card title="我的信息">
        <Descriptions items={items} column={{ xs: 1, sm: 1, md: 2, xl: 3 }} size="small" />
      </Card>
      <LinkCards cards={shortcuts(type)} perRow={4} />
    </div>
  );
}
