import {
  AccountBookOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudDownloadOutlined,
  FileSearchOutlined,
  HomeOutlined,
  LineChartOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserSwitchOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { StaffRole } from '@cpe/shared';
import type { ReactNode } from 'react';
import type { NavNode } from './nav.tsx';
import { myExportsPath, staffPages } from './staffPages.ts';

export { type StaffPage, staffPages } from './staffPages.ts';

/** The menu icon of each staff page (staffPages.ts) and menu group, by path or group key. */
const icons: Record<string, ReactNode> = {
  '/staff/orders': <AccountBookOutlined />,
  '/staff/fees': <MoneyCollectOutlined />,
  '/staff/rules': <SettingOutlined />,
  '/staff/output-catalogue': <UnorderedListOutlined />,
  '/staff/reports': <BarChartOutlined />,
  '/staff/plan-forecasts': <LineChartOutlined />,
  '/staff/years': <CalendarOutlined />,
  '/staff/members/import': <TeamOutlined />,
  review: <AuditOutlined />,
  '/staff/review/output-hours': <FileSearchOutlined />,
  '/staff/review/exemptions': <SolutionOutlined />,
  '/staff/face-to-face': <TeamOutlined />,
  '/staff/courses': <VideoCameraOutlined />,
  '/staff/learners': <ProfileOutlined />,
  '/staff/integration-keys': <ApiOutlined />,
  '/staff/accounts': <UserSwitchOutlined />,
  '/staff/audit': <AuditOutlined />,
  [myExportsPath]: <CloudDownloadOutlined />,
};

export const staffHomePath = '/staff';

/** The staff menu for one role: its pages, grouped where a page names a group. */
export function staffNav(role: StaffRole): NavNode[] {
  const nodes: NavNode[] = [
    { key: staffHomePath, path: staffHomePath, label: '首页', icon: <HomeOutlined /> },
  ];
  for (const p of staffPages.filter((page) => page.roles.includes(role))) {
    const leaf: NavNode = { key: p.path, path: p.path, label: p.label, icon: icons[p.path] };
    if (!p.group) {
      nodes.push(leaf);
      continue;
    }
    const existing = nodes.find((n) => n.key === p.group?.key);
    if (existing) existing.children?.push(leaf);
    else nodes.push({ key: p.group.key, label: p.group.label, icon: icons[p.group.key], children: [leaf] });
  }
  return nodes;
}
