import { BrandTitle } from '../components/BrandTitle.tsx';
import { ContentSpin } from '../components/FullPageSpin.tsx';
import { brand, theme } from '../theme.ts';
import { useMediaQuery } from './useMediaQuery.ts';

/**
 * The member frame's header (MemberShell.tsx) with a spinner under it, while the route guard asks who is
 * signed in and the frame's code arrives: it takes over index.html's static header (global.css) box for
 * box, so a phone shows the system's name from the first paint instead of a blank page with a spinner.
 * In the first bundle, so inline styles rather than shell.css (which the login page would then download
 * too); keep them in step with shell.css.
 */
export function MemberFramePending() {
  const wide = useMediaQuery('(min-width: 992px)');
  return (
    <div
      style={{ minHeight: '100vh', background: brand.pageBackground, fontFamily: theme.token?.fontFamily }}
    >
      <header
        style={{
          boxSizing: 'border-box',
          display: 'flex',
          alignItems: 'center',
          height: 56,
          padding: wide ? '0 16px' : '0 16px 0 56px',
          background: brand.header,
          boxShadow: '0 1px 4px rgba(0,0,0,.15)',
        }}
      >
        <BrandTitle to="/member" compact={!wide} />
      </header>
      <ContentSpin />
    </div>
  );
}
