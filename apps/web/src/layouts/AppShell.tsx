import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../api/auth.ts';
import { errorMessage } from '../api/client.ts';
import { BrandTitle } from '../components/BrandTitle.tsx';
import { activeEntry, groupKeys, type NavNode, toMenuItems } from '../navigation/nav.tsx';
import { brand } from '../theme.ts';

export interface ShellUser {
  name: string;
  /** Short facts shown next to the name: member type or role, province or institute. */
  tags: string[];
}

const SIDER_WIDTH = 224;

/**
 * The staff console's frame: dark header with the system name and the user, a left menu on wide
 * screens, and on narrow ones (phones, below 992 px) a hamburger that opens the same menu in a drawer.
 * The member portal has the same frame in plain React and CSS (MemberShell.tsx); change both together.
 */
export function AppShell({ nav, homePath, user }: { nav: NavNode[]; homePath: string; user: ShellUser }) {
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { message } = App.useApp();
  const logout = useLogout();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [openKeys, setOpenKeys] = useState<string[]>(() => groupKeys(nav));
  const { selected } = activeEntry(nav, pathname);

  const menu = (
    <Menu
      mode="inline"
      items={toMenuItems(nav)}
      selectedKeys={selected}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        setDrawerOpen(false);
        if (key.startsWith('/')) navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const onLogout = () => logout.mutate(undefined, { onError: (e) => message.error(errorMessage(e)) });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          position: 'sticky',
          top: 0,
          zIndex: 10,
          boxShadow: '0 1px 4px rgba(0,0,0,.15)',
        }}
      >
        {!wide && (
          <Button
            type="text"
            aria-label="打开菜单"
            icon={<MenuOutlined style={{ fontSize: 18, color: brand.headerText }} />}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <div style={{ flex: 1, minWidth: 0, display: 'flex' }}>
          <BrandTitle to={homePath} compact={!wide} />
        </div>
        {screens.sm && (
          <Space size={6} style={{ color: brand.headerText, whiteSpace: 'nowrap' }} data-testid="header-user">
            <span style={{ fontWeight: 500 }}>{user.name}</span>
            {wide &&
              user.tags.map((t) => (
                <Tag key={t} color="blue" style={{ marginInlineEnd: 0 }}>
                  {t}
                </Tag>
              ))}
          </Space>
        )}
        <Button
          type="text"
          icon={<LogoutOutlined />}
          loading={logout.isPending}
          onClick={onLogout}
          style={{ color: brand.headerText, flex: 'none' }}
        >
          退出
        </Button>
      </Layout.Header>
      <Layout>
        {wide && (
          <Layout.Sider width={SIDER_WIDTH} theme="light" style={{ borderInlineEnd: '1px solid #e5e9f0' }}>
            <nav aria-label="主菜单" style={{ paddingBlock: 8 }}>
              {menu}
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: wide ? 24 : 12, minWidth: 0 }}>
          {/* pages are loaded on first use (router.tsx): the menu stays while one loads */}
          <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
            <Outlet />
          </Suspense>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 24, fontSize: 12 }}>
            注册会计师继续教育系统 · 技术支持电话 010-88250337、010-88250338
          </Typography.Paragraph>
        </Layout.Content>
      </Layout>
      {!wide && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={272}
          title={
            <div>
              <div>{user.name}</div>
              <Space size={4} wrap style={{ marginTop: 4 }}>
                {user.tags.map((t) => (
                  <Tag key={t} color="blue">
                    {t}
                  </Tag>
                ))}
              </Space>
            </div>
          }
          styles={{ body: { padding: 0 } }}
        >
          <nav aria-label="主菜单">{menu}</nav>
        </Drawer>
      )}
    </Layout>
  );
}
