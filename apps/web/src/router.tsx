import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useMe } from './api/auth.ts';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { UnderConstruction } from './components/UnderConstruction.tsx';
import { homePath } from './features/auth/currentUser.ts';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { FullPageSpin, RequireAuth } from './features/auth/RequireAuth.tsx';
import { RoleGate } from './features/staff/RoleGate.tsx';
import { memberPaths } from './navigation/member.tsx';
import { staffPages } from './navigation/staff.tsx';

// Every page but the login page is its own chunk, loaded when its route is first shown: the first
// page a phone opens downloads only what it needs.
const ForgotPasswordPage = lazy(() =>
  import('./features/auth/ForgotPasswordPage.tsx').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ExemptionsPage = lazy(() =>
  import('./features/exemptions/ExemptionsPage.tsx').then((m) => ({ default: m.ExemptionsPage })),
);
const HoursPage = lazy(() =>
  import('./features/hours/HoursPage.tsx').then((m) => ({ default: m.HoursPage })),
);
const CourseDetailPage = lazy(() =>
  import('./features/learning/CourseDetailPage.tsx').then((m) => ({ default: m.CourseDetailPage })),
);
const LearningPage = lazy(() =>
  import('./features/learning/LearningPage.tsx').then((m) => ({ default: m.LearningPage })),
);
const LessonPage = lazy(() =>
  import('./features/learning/LessonPage.tsx').then((m) => ({ default: m.LessonPage })),
);
const MemberHomePage = lazy(() =>
  import('./features/member/MemberHomePage.tsx').then((m) => ({ default: m.MemberHomePage })),
);
const NoticesPage = lazy(() =>
  import('./features/notices/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })),
);
const OutputHoursPage = lazy(() =>
  import('./features/output-hours/OutputHoursPage.tsx').then((m) => ({ default: m.OutputHoursPage })),
);
const StaffHomePage = lazy(() =>
  import('./features/staff/StaffHomePage.tsx').then((m) => ({ default: m.StaffHomePage })),
);
const MemberLayout = lazy(() =>
  import('./layouts/MemberLayout.tsx').then((m) => ({ default: m.MemberLayout })),
);
const StaffLayout = lazy(() => import('./layouts/StaffLayout.tsx').then((m) => ({ default: m.StaffLayout })));

/** `/`: the signed-in user's home, or the login page. */
function RootRedirect() {
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  return <Navigate to={me.data ? homePath(me.data) : '/login'} replace />;
}

/** Member pages, children of MemberLayout (paths relative to /member). Menu entries: navigation/member.tsx. */
const memberRoutes: RouteObject[] = [
  { index: true, element: <MemberHomePage /> },
  { path: memberPaths.learning, element: <LearningPage /> },
  { path: `${memberPaths.learning}/courses/:courseId`, element: <CourseDetailPage /> },
  { path: `${memberPaths.learning}/lessons/:lessonId`, element: <LessonPage /> },
  { path: memberPaths.hours, element: <HoursPage /> },
  { path: memberPaths.outputHours, element: <OutputHoursPage /> },
  { path: memberPaths.exemptions, element: <ExemptionsPage /> },
  { path: memberPaths.notices, element: <NoticesPage /> },
];

/**
 * Built staff pages by path. A page listed in navigation/staff.tsx but not here shows "正在建设中";
 * add `'/staff/rules': <RulesPage />` here when it exists.
 */
const staffElements: Record<string, ReactNode> = {};

const staffRoutes: RouteObject[] = [
  { index: true, element: <StaffHomePage /> },
  ...staffPages.map((p) => ({
    path: p.path,
    element: (
      <RoleGate roles={p.roles}>
        {staffElements[p.path] ?? <UnderConstruction title={p.label} description={p.description} />}
      </RoleGate>
    ),
  })),
];

export const router = createBrowserRouter([
  { path: '/', element: <RootRedirect /> },
  { path: '/login', element: <LoginPage /> },
  {
    path: '/forgot-password',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <ForgotPasswordPage />
      </Suspense>
    ),
  },
  {
    path: memberPaths.home,
    element: (
      <RequireAuth area="member">
        <MemberLayout />
      </RequireAuth>
    ),
    children: [...memberRoutes, { path: '*', element: <NotFoundPage /> }],
  },
  {
    path: '/staff',
    element: (
      <RequireAuth area="staff">
        <StaffLayout />
      </RequireAuth>
    ),
    children: [...staffRoutes, { path: '*', element: <NotFoundPage /> }],
  },
  { path: '*', element: <NotFoundPage /> },
]);
