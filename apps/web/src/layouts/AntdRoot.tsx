import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { ContentSpin, FullPageSpin } from '../components/FullPageSpin.tsx';
import { theme } from '../theme.ts';

dayjs.locale('zh-cn');

/**
 * antd's theme, Chinese locale and App context (message, modal, notification) for every page but the
 * login page and the member home: a lazy route element (router.tsx), so those download no antd.
 * `inFrame`: inside the member frame, whose header and menu stay while a page loads.
 */
export function AntdRoot({ inFrame = false }: { inFrame?: boolean }) {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Suspense fallback={inFrame ? <ContentSpin /> : <FullPageSpin />}>
          <Outlet />
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
