import { type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../api/auth.ts';
import { errorMessage } from '../api/client.ts';
import { BrandTitle } from '../components/BrandTitle.tsx';
import { ContentSpin } from '../components/FullPageSpin.tsx';
import { CloseIcon, ErrorIcon, LogoutIcon, MenuIcon, SafetyIcon } from '../components/icons.tsx';
import { MessagesBadge } from '../features/messages/MessagesBadge.tsx';
import { memberPaths } from '../navigation/memberPaths.ts';
import { activeEntry, groupKeys, type NavNode } from '../navigation/nav.tsx';
import type { ShellUser } from './AppShell.tsx';
import { NavMenu } from './NavMenu.tsx';
import { useMediaQuery } from './useMediaQuery.ts';
import './shell.css';

/**
 * The member portal's frame in plain React and CSS (shell.css), drawn like the staff portal's antd
 * AppShell: dark header with the system name, the messages, 账户安全 and 退出; a left menu on wide
 * screens, and on narrow ones (phones, below 992 px) a button that opens the same menu in a drawer. The
 * member home, the first page after login, thus shows without antd; the other member pages load it
 * inside this frame (router.tsx).
 */
export function MemberShell({ nav, user }: { nav: NavNode[]; user: ShellUser }) {
  const wide = useMediaQuery('(min-width: 992px)');
  const showUser = useMediaQuery('(min-width: 576px)');
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [openGroups, setOpenGroups] = useState<string[]>(() => groupKeys(nav));
  // stable, as the drawer's effect (focus, Escape) depends on it
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  const [failure, setFailure] = useState<string | null>(null);
  const { selected, open: active } = activeEntry(nav, pathname);

  // antd's message.error: the failure shows for 3 seconds at the top.
  useEffect(() => {
    if (!failure) return;
    const timer = setTimeout(() => setFailure(null), 3000);
    return () => clearTimeout(timer);
  }, [failure]);

  const menu = (
    <NavMenu
      nav={nav}
      selected={selected}
      active={active}
      open={openGroups}
      onToggle={(key) =>
        setOpenGroups((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]))
      }
      onNavigate={closeDrawer}
    />
  );

  const onLogout = () => logout.mutate(undefined, { onError: (e) => setFailure(errorMessage(e)) });

  return (
    <div className="shell">
      <header className="shell-header">
        {!wide && (
          <button
            type="button"
            className="shell-icon-button"
            aria-label="打开菜单"
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
          >
            <MenuIcon />
          </button>
        )}
        <div className="shell-brand">
          <BrandTitle to={memberPaths.home} compact={!wide} />
        </div>
        <MessagesBadge />
        {showUser && (
          <span className="shell-user" data-testid="header-user">
            <span className="shell-user-name">{user.name}</span>
            {wide && user.tags.map((t) => <UserTag key={t} text={t} />)}
          </span>
        )}
        <button
          type="button"
          className={wide ? 'shell-button' : 'shell-icon-button'}
          aria-label="账户安全"
          onClick={() => navigate(memberPaths.security)}
        >
          <SafetyIcon />
          {wide && <span>账户安全</span>}
        </button>
        <button
          type="button"
          className="shell-button"
          disabled={logout.isPending}
          aria-busy={logout.isPending}
          onClick={onLogout}
        >
          <LogoutIcon />
          <span>退出</span>
        </button>
      </header>
      <div className="shell-body">
        {wide && (
          <aside className="shell-sider">
            <nav aria-label="主菜单">{menu}</nav>
          </aside>
        )}
        <main className="shell-content">
          {/* pages are loaded on first use (router.tsx): the menu stays while one loads */}
          <div className="shell-page">
            <Suspense fallback={<ContentSpin />}>
              <Outlet />
            </Suspense>
          </div>
          <p className="shell-footer">注册会计师继续教育系统 · 技术支持电话 010-88250337、010-88250338</p>
        </main>
      </div>
      {!wide && drawerOpen && <MenuDrawer user={user} menu={menu} onClose={closeDrawer} />}
      {failure && (
        <div className="shell-toast" role="alert">
          <ErrorIcon />
          <span>{failure}</span>
        </div>
      )}
    </div>
  );
}

function UserTag({ text }: { text: string }) {
  return <span className="shell-tag">{text}</span>;
}

/** antd's left Drawer: the user and the menu over a mask; Escape, the mask or × closes it. */
function MenuDrawer({ user, menu, onClose }: { user: ShellUser; menu: ReactNode; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    // the page under the mask does not scroll
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      opener?.focus();
    };
  }, [onClose]);
  return (
    <div className="shell-drawer">
      <div className="shell-drawer-mask" onClick={onClose} aria-hidden="true" />
      <div className="shell-drawer-panel" role="dialog" aria-modal="true" aria-label="菜单">
        <div className="shell-drawer-head">
          <button
            ref={close}
            type="button"
            className="shell-drawer-close"
            aria-label="关闭"
            onClick={onClose}
          >
            <CloseIcon />
          </button>
          <div className="shell-drawer-title">
            <div>{user.name}</div>
            <div className="shell-drawer-tags">
              {user.tags.map((t) => (
                <UserTag key={t} text={t} />
              ))}
            </div>
          </div>
        </div>
        <nav aria-label="主菜单" className="shell-drawer-body">
          {menu}
        </nav>
      </div>
    </div>
  );
}
