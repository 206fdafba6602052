/**
 * The antd wrapper of every page but the login page (AntdRoot.tsx), loaded on first use. The login
 * page starts the download when the user submits, so the next page does not wait for it.
 */
export const loadAntdRoot = () => import('./AntdRoot.tsx');

export function preloadAntdRoot() {
  // A failed download is retried by the route that needs it, which shows its own error.
  loadAntdRoot().catch(() => {});
}
