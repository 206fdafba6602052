import { Link } from 'react-router';
import { brand } from '../theme.ts';

export const SYSTEM_NAME = '注册会计师继续教育系统';

function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none' }}>
      <rect width="32" height="32" rx="6" fill="#ffffff" />
      <path d="M7 10.5 16 6l9 4.5-9 4.5-9-4.5Z" fill={brand.primary} />
      <path
        d="M10 13.5v5.2c0 1.8 2.7 3.3 6 3.3s6-1.5 6-3.3v-5.2L16 16.5l-6-3Z"
        fill={brand.primary}
        opacity=".8"
      />
    </svg>
  );
}

/** Logo and system name for the dark header; links to the user's home. */
export function BrandTitle({ to, compact }: { to: string; compact?: boolean }) {
  return (
    <Link
      to={to}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        color: brand.headerText,
        minWidth: 0,
        textDecoration: 'none',
      }}
    >
      <Logo size={compact ? 24 : 28} />
      <span
        style={{
          fontSize: compact ? 15 : 18,
          fontWeight: 600,
          letterSpacing: compact ? 0 : 1,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {SYSTEM_NAME}
      </span>
    </Link>
  );
}
