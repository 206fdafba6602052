import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useMe } from './api/auth.ts';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { UnderConstruction } from './components/UnderConstruction.tsx';
import { homePath } from './features/auth/currentUser.ts';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { FullPageSpin, RequireAuth } from './features/auth/RequireAuth.tsx';
import { ExemptionsPage } from './features/exemptions/ExemptionsPage.tsx';
import { HoursPage } from './features/hours/HoursPage.tsx';
import { CourseDetailPage } from './features/learning/CourseDetailPage.tsx';
import { LearningPage } from './features/learning/LearningPage.tsx';
import { LessonPage } from './features/learning/LessonPage.tsx';
import { MemberHomePage } from './features/member/MemberHomePage.tsx';
import { MessagesPage } from './features/messages/MessagesPage.tsx';
import { NoticesPage } from './features/notices/NoticesPage.tsx';
import { OutputHoursPage } from './features/output-hours/OutputHoursPage.tsx';
import { ReviewClaimsPage } from './features/review/ReviewClaimsPage.tsx';
import { ReviewExemptionsPage } from './features/review/ReviewExemptionsPage.tsx';
import { RoleGate } from './features/staff/RoleGate.tsx';
import { StaffHomePage } from './features/staff/StaffHomePage.tsx';
import { MemberLayout } from './layouts/MemberLayout.tsx';
import { StaffLayout } from './layouts/StaffLayout.tsx';
import { memberPaths } from './navigation/member.tsx';
import { staffPages } from './navigation/staff.tsx';

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
  { path: memberPaths.messages, element: <MessagesPage /> },
];

/**
 * Built staff pages by path. A page listed in navigation/staff.tsx but not here shows "正在建设中";
 * add `'/staff/rules': <RulesPage />` here when it exists.
 */
const staffElements: Record<string, ReactNode> = {
  '/staff/review/output-hours': <ReviewClaimsPage />,
  '/staff/review/exemptions': <ReviewExemptionsPage />,
};

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
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
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
