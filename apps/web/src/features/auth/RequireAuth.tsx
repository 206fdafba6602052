import { Button, Result } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import { FullPageSpin } from '../../components/FullPageSpin.tsx';
import { CurrentUserContext, homePath } from './currentUser.ts';

export interface RequireAuthProps {
  area: 'member' | 'staff';
  children: ReactNode;
}

/** Route guard: no session → /login (remembering the page); wrong area → the user's own home. */
export function RequireAuth({ area, children }: RequireAuthProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title="无法加载账户信息"
        subTitle={errorMessage(me.error)}
        extra={
          <Button type="primary" onClick={() => me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const home = homePath(me.data);
  if (home !== `/${area}`) return <Navigate to={home} replace />;
  return (
    <CurrentUserContext.Provider value={me.data}>
      <Suspense fallback={<FullPageSpin />}>{children}</Suspense>
    </CurrentUserContext.Provider>
  );
}
