import { type ReactNode, Suspense, useDeferredValue } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import { FullPageSpin } from '../../components/FullPageSpin.tsx';
import { CurrentUserContext, homePath } from './currentUser.ts';
import { ErrorIcon } from './icons.tsx';
import './guard.css';

export interface RequireAuthProps {
  area: 'member' | 'staff';
  children: ReactNode;
}

/**
 * Route guard: no session → /login (remembering the page); wrong area → the user's own home. Plain React
 * and CSS (guard.css; its error is antd's Result drawn in CSS): the member home is shown without antd.
 */
export function RequireAuth({ area, children }: RequireAuthProps) {
  const me = useMe();
  // The answer comes in outside React's transitions, and would render the whole area in one long task
  // that holds a phone's main thread: the area renders from the deferred value instead, in slices (a
  // later answer, such as a changed phone number, updates the area the same way, keeping its state).
  const user = useDeferredValue(me.data);
  const location = useLocation();
  if (me.isPending || (me.data && !user)) return <FullPageSpin />;
  if (me.isError) {
    return (
      <div className="guard-result" role="alert">
        <ErrorIcon />
        <h2>无法加载账户信息</h2>
        <p>{errorMessage(me.error)}</p>
        <button type="button" onClick={() => me.refetch()}>
          重试
        </button>
      </div>
    );
  }
  if (!me.data || !user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const home = homePath(user);
  if (home !== `/${area}`) return <Navigate to={home} replace />;
  return (
    <CurrentUserContext.Provider value={user}>
      <Suspense fallback={<FullPageSpin />}>{children}</Suspense>
    </CurrentUserContext.Provider>
  );
}
