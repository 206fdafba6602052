import type { UserType } from '@cpe/shared/login';

/**
 * The antd wrapper of every page but the login page and the member home (AntdRoot.tsx), loaded on first
 * use.
 */
export const loadAntdRoot = () => import('./AntdRoot.tsx');

/** The member frame and home page: plain React and CSS, a few small chunks. */
export const loadMemberLayout = () => import('./MemberLayout.tsx');
export const loadMemberHome = () => import('../features/member/MemberHomePage.tsx');

// A failed download is retried by the route that needs it, which shows its own error.
const ignore = () => {};

/**
 * Fetches the member frame and home page together, instead of the home page only once the frame has
 * rendered: one round trip less before a phone shows the member home. Small, so they do not hold up
 * anything else.
 */
export function preloadMemberHome() {
  loadMemberLayout().catch(ignore);
  loadMemberHome().catch(ignore);
}

/**
 * The login page starts the download of the next page's code when the user submits, so that page does
 * not wait for it: the member home for members, antd's wrapper for staff.
 */
export function preloadLanding(userType: UserType) {
  if (userType === 'staff') loadAntdRoot().catch(ignore);
  else preloadMemberHome();
}
