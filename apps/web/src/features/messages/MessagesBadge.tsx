import { useNavigate } from 'react-router';
import { useUnread } from '../../api/claims.ts';
import { BellIcon } from '../../components/icons.tsx';
import { memberPaths } from '../../navigation/memberPaths.ts';
import './badge.css';

/**
 * The header's bell with the number of unread messages; opens 我的消息. Plain React and CSS (antd's
 * small Badge in badge.css): it is part of the member frame, which the member home shows without antd.
 */
export function MessagesBadge() {
  const unread = useUnread();
  const navigate = useNavigate();
  const n = unread.data?.unread ?? 0;
  return (
    <button
      type="button"
      className="shell-icon-button"
      aria-label={n > 0 ? `消息（${n} 条未读）` : '消息'}
      data-testid="messages-badge"
      onClick={() => navigate(memberPaths.messages)}
    >
      <span className="messages-badge">
        <BellIcon />
        {n > 0 && (
          <sup className="messages-badge-count" aria-hidden="true">
            {n > 99 ? '99+' : n}
          </sup>
        )}
      </span>
    </button>
  );
}
