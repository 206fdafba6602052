import {
  BookOutlined,
  ClockCircleOutlined,
  FileAddOutlined,
  HomeOutlined,
  NotificationOutlined,
  PayCircleOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type { MemberType } from '@cpe/shared';
import { memberPaths } from './memberPaths.ts';
import type { NavNode } from './nav.tsx';

// The paths live apart from the menu's icons: the router (in the first bundle) needs only them.
export { memberPaths };

/** The guide names two menus differently for the two member types (domain.md section 2). */
export const memberLabels = {
  practicing: { outputHours: '产出法形式学时', exemptions: '豁免学时' },
  non_practicing: { outputHours: '产出式学时', exemptions: '减免学时' },
} as const satisfies Record<MemberType, Record<string, string>>;

/** The left menu of the member guide; 学时查询 sits under 继续教育. */
export function memberNav(type: MemberType): NavNode[] {
  const labels = memberLabels[type];
  return [
    { key: memberPaths.home, path: memberPaths.home, label: '首页', icon: <HomeOutlined /> },
    { key: memberPaths.learning, path: memberPaths.learning, label: '在线学习', icon: <ReadOutlined /> },
    {
      key: 'continuing-education',
      label: '继续教育',
      icon: <BookOutlined />,
      children: [
        { key: memberPaths.hours, path: memberPaths.hours, label: '学时查询', icon: <ClockCircleOutlined /> },
        // practicing members pay no learning fee and never see it
        ...(type === 'non_practicing'
          ? [
              {
                key: memberPaths.payments,
                path: memberPaths.payments,
                label: '交费记录',
                icon: <PayCircleOutlined />,
              },
            ]
          : []),
      ],
    },
    {
      key: memberPaths.outputHours,
      path: memberPaths.outputHours,
      label: labels.outputHours,
      icon: <FileAddOutlined />,
    },
    {
      key: memberPaths.exemptions,
      path: memberPaths.exemptions,
      label: labels.exemptions,
      icon: <SafetyCertificateOutlined />,
    },
    {
      key: memberPaths.notices,
      path: memberPaths.notices,
      label: '培训通知',
      icon: <NotificationOutlined />,
    },
  ];
}
