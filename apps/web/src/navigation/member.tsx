// Plain SVG icons, not @ant-design/icons: the member frame is plain React (layouts/MemberShell.tsx).

import type { MemberType } from '@cpe/shared';
import {
  BookIcon,
  ClockCircleIcon,
  FileAddIcon,
  HomeIcon,
  NotificationIcon,
  PayCircleIcon,
  ReadIcon,
  SafetyCertificateIcon,
} from '../components/icons.tsx';
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
    { key: memberPaths.home, path: memberPaths.home, label: '首页', icon: <HomeIcon /> },
    { key: memberPaths.learning, path: memberPaths.learning, label: '在线学习', icon: <ReadIcon /> },
    {
      key: 'continuing-education',
      label: '继续教育',
      icon: <BookIcon />,
      children: [
        { key: memberPaths.hours, path: memberPaths.hours, label: '学时查询', icon: <ClockCircleIcon /> },
        // practicing members pay no learning fee and never see it
        ...(type === 'non_practicing'
          ? [
              {
                key: memberPaths.payments,
                path: memberPaths.payments,
                label: '交费记录',
                icon: <PayCircleIcon />,
              },
            ]
          : []),
      ],
    },
    {
      key: memberPaths.outputHours,
      path: memberPaths.outputHours,
      label: labels.outputHours,
      icon: <FileAddIcon />,
    },
    {
      key: memberPaths.exemptions,
      path: memberPaths.exemptions,
      label: labels.exemptions,
      icon: <SafetyCertificateIcon />,
    },
    {
      key: memberPaths.notices,
      path: memberPaths.notices,
      label: '培训通知',
      icon: <NotificationIcon />,
    },
  ];
}
