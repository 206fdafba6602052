import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { FullPageSpin } from '../components/FullPageSpin.tsx';
import { theme } from '../theme.ts';

// The route guard needs antd (its error page), so it is part of this chunk rather than one more
// download in a row before a portal's layout.
export { RequireAuth } from '../features/auth/RequireAuth.tsx';

dayjs.locale('zh-cn');

/**
 * antd's theme, Chinese locale and App context (message, modal, notification) for every page but the
 * login page: a lazy route element (router.tsx), so the first page a phone opens downloads no antd.
 */
export function AntdRoot() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
