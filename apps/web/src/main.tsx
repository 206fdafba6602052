import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { meQueryKey } from './api/auth.ts';
import { ApiError, setUnauthenticatedHandler } from './api/client.ts';
import { planQuery } from './features/plan/api.ts';
import './global.css';
import { preloadMemberHome } from './layouts/preload.ts';
import { router } from './router.tsx';

// No antd here: the login page is plain React and CSS. antd's ConfigProvider and App (theme, zh_CN
// locale, dayjs locale) wrap every other route from a lazy chunk (layouts/AntdRoot.tsx).

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; network and 5xx errors get one more try.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
    },
  },
});

// Session gone: forget the user; the route guard then shows the login page.
setUnauthenticatedHandler(() => queryClient.setQueryData(meQueryKey, null));

// The member home opened directly (a bookmark, the phone's home screen): its code and its plan are
// fetched while the route guard asks who is signed in, rather than one after the other behind it. A
// visitor without a session is sent to the login page by the guard as before.
if (/^\/member\/?$/.test(window.location.pathname)) {
  preloadMemberHome();
  void queryClient.prefetchQuery(planQuery());
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

// In a transition React renders the first page in slices, yielding to the browser between them, instead
// of one long task that blocks the phone's main thread.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
});
