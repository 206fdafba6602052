import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useMe } from './api/auth.ts';
import { FullPageSpin } from './components/FullPageSpin.tsx';
import type { UnderConstructionProps } from './components/UnderConstruction.tsx';
import { homePath } from './features/auth/currentUser.ts';
import { LoginPage } from './features/auth/LoginPage.tsx';
// Plain React and CSS (guard.css), small: every guarded page starts by asking who is signed in.
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import type { RoleGateProps } from './features/staff/RoleGate.tsx';
import { loadAntdRoot, loadMemberHome, loadMemberLayout } from './layouts/preload.ts';
import { memberPaths } from './navigation/memberPaths.ts';
import { staffPages } from './navigation/staffPages.ts';

/**
 * A page loaded as its own chunk when its route is first shown: the first page a phone opens downloads
 * only what it needs. Only the login page is in the first bundle, and it uses no antd: whatever this
 * module imports statically must not import antd, @ant-design/icons or zod (the login page, `/` and
 * the paths below are plain). Add every new page through this.
 */
function page<M, P extends object = object>(load: () => Promise<M>, name: keyof M & string) {
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType<P> })));
}

const ForgotPasswordPage = page(() => import('./features/auth/ForgotPasswordPage.tsx'), 'ForgotPasswordPage');
const RecoveryH5Page = page(() => import('./features/auth/RecoveryH5Page.tsx'), 'RecoveryH5Page');
const DevSmsOutboxPage = page(() => import('./features/auth/DevSmsOutboxPage.tsx'), 'DevSmsOutboxPage');
const SecurityPage = page(() => import('./features/account/SecurityPage.tsx'), 'SecurityPage');
const ExemptionsPage = page(() => import('./features/exemptions/ExemptionsPage.tsx'), 'ExemptionsPage');
const HoursPage = page(() => import('./features/hours/HoursPage.tsx'), 'HoursPage');
const CourseDetailPage = page(() => import('./features/learning/CourseDetailPage.tsx'), 'CourseDetailPage');
const LearningPage = page(() => import('./features/learning/LearningPage.tsx'), 'LearningPage');
const LessonPage = page(() => import('./features/learning/LessonPage.tsx'), 'LessonPage');
const MemberHomePage = page(loadMemberHome, 'MemberHomePage');
const NoticesPage = page(() => import('./features/notices/NoticesPage.tsx'), 'NoticesPage');
const OutputHoursPage = page(() => import('./features/output-hours/OutputHoursPage.tsx'), 'OutputHoursPage');
const PlanForecastsPage = page(() => import('./features/plan/PlanForecastsPage.tsx'), 'PlanForecastsPage');
const CoursesConsolePage = page(
  () => import('./features/institute/CoursesConsolePage.tsx'),
  'CoursesConsolePage',
);
const LearnersPage = page(() => import('./features/institute/LearnersPage.tsx'), 'LearnersPage');
const IntegrationKeysPage = page(
  () => import('./features/institute/IntegrationKeysPage.tsx'),
  'IntegrationKeysPage',
);
const TrainingsStaffPage = page(
  () => import('./features/trainings/TrainingsStaffPage.tsx'),
  'TrainingsStaffPage',
);
const ReportsPage = page(() => import('./features/oversight/ReportsPage.tsx'), 'ReportsPage');
const AuditPage = page(() => import('./features/oversight/AuditPage.tsx'), 'AuditPage');
const MyExportsPage = page(() => import('./features/oversight/MyExportsPage.tsx'), 'MyExportsPage');
const MemberImportPage = page(() => import('./features/oversight/MemberImportPage.tsx'), 'MemberImportPage');
const VerifyPage = page(() => import('./features/verify/VerifyPage.tsx'), 'VerifyPage');
const FeePage = page(() => import('./features/payment/FeePage.tsx'), 'FeePage');
const FeeSchedulePage = page(() => import('./features/payment/FeeSchedulePage.tsx'), 'FeeSchedulePage');
const PaymentRecordsPage = page(
  () => import('./features/payment/PaymentRecordsPage.tsx'),
  'PaymentRecordsPage',
);
const StaffOrdersPage = page(() => import('./features/payment/StaffOrdersPage.tsx'), 'StaffOrdersPage');
const MessagesPage = page(() => import('./features/messages/MessagesPage.tsx'), 'MessagesPage');
const ReviewClaimsPage = page(() => import('./features/review/ReviewClaimsPage.tsx'), 'ReviewClaimsPage');
const ReviewExemptionsPage = page(
  () => import('./features/review/ReviewExemptionsPage.tsx'),
  'ReviewExemptionsPage',
);
const YearAdminPage = page(() => import('./features/year-admin/YearAdminPage.tsx'), 'YearAdminPage');
const StaffHomePage = page(() => import('./features/staff/StaffHomePage.tsx'), 'StaffHomePage');
// Staff menu entries not built yet: not part of the first bundle either.
const UnderConstruction = page<typeof import('./components/UnderConstruction.tsx'), UnderConstructionProps>(
  () => import('./components/UnderConstruction.tsx'),
  'UnderConstruction',
);
const MemberLayout = page(loadMemberLayout, 'MemberLayout');
const NotFoundPage = page(() => import('./components/NotFoundPage.tsx'), 'NotFoundPage');
const RoleGate = page<typeof import('./features/staff/RoleGate.tsx'), RoleGateProps>(
  () => import('./features/staff/RoleGate.tsx'),
  'RoleGate',
);
// antd's ConfigProvider and App around every route but the login page, `/` and the member home.
const AntdRoot = page<Awaited<ReturnType<typeof loadAntdRoot>>, { inFrame?: boolean }>(
  loadAntdRoot,
  'AntdRoot',
);
const StaffLayout = page(() => import('./layouts/StaffLayout.tsx'), 'StaffLayout');

/** A page outside the member and staff layouts, with its own loading indicator (under AntdRoot). */
const standalone = (element: ReactNode) => <Suspense fallback={<FullPageSpin />}>{element}</Suspense>;

/** `/`: the signed-in user's home, or the login page. */
function RootRedirect() {
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  return <Navigate to={me.data ? homePath(me.data) : '/login'} replace />;
}

/**
 * Member pages but the home, children of MemberLayout inside antd's wrapper (paths relative to /member).
 * Menu entries: navigation/member.tsx.
 */
const memberRoutes: RouteObject[] = [
  { path: memberPaths.learning, element: <LearningPage /> },
  { path: `${memberPaths.learning}/courses/:courseId`, element: <CourseDetailPage /> },
  { path: `${memberPaths.learning}/lessons/:lessonId`, element: <LessonPage /> },
  { path: memberPaths.hours, element: <HoursPage /> },
  { path: memberPaths.outputHours, element: <OutputHoursPage /> },
  { path: memberPaths.exemptions, element: <ExemptionsPage /> },
  { path: memberPaths.notices, element: <NoticesPage /> },
  { path: memberPaths.security, element: <SecurityPage /> },
  { path: memberPaths.fee, element: <FeePage /> },
  { path: memberPaths.payments, element: <PaymentRecordsPage /> },
  { path: memberPaths.messages, element: <MessagesPage /> },
];

/**
 * Built staff pages by path. A page listed in navigation/staff.tsx but not here shows "正在建设中";
 * add `'/staff/rules': <RulesPage />` here when it exists.
 */
const staffElements: Record<string, ReactNode> = {
  '/staff/plan-forecasts': <PlanForecastsPage />,
  '/staff/years': <YearAdminPage />,
  '/staff/courses': <CoursesConsolePage />,
  '/staff/learners': <LearnersPage />,
  '/staff/integration-keys': <IntegrationKeysPage />,
  '/staff/face-to-face': <TrainingsStaffPage />,
  '/staff/reports': <ReportsPage />,
  '/staff/audit': <AuditPage />,
  '/staff/members/import': <MemberImportPage />,
  '/staff/exports': <MyExportsPage />,
  '/staff/orders': <StaffOrdersPage />,
  '/staff/fees': <FeeSchedulePage />,
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
  // Plain React and CSS: the first page a phone opens (`/` sends a visitor without a session to /login).
  { path: '/', element: <RootRedirect /> },
  { path: '/login', element: <LoginPage /> },
  {
    // The member frame and home page are plain too (the first page after login on a phone); every
    // other member page loads antd's wrapper inside the frame.
    path: memberPaths.home,
    element: (
      <RequireAuth area="member">
        <MemberLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <MemberHomePage /> },
      {
        element: <AntdRoot inFrame />,
        children: [...memberRoutes, { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
  {
    element: standalone(<AntdRoot />),
    children: [
      { path: '/forgot-password', element: standalone(<ForgotPasswordPage />) },
      // the official account's mobile page (path also in features/auth/ForgotPasswordPage.tsx)
      { path: '/h5/recovery', element: standalone(<RecoveryH5Page />) },
      { path: '/dev/sms-outbox', element: standalone(<DevSmsOutboxPage />) },
      { path: '/verify/:code', element: standalone(<VerifyPage />) },
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
    ],
  },
]);
