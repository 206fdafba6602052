import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useUnread } from '../../api/claims.ts';
import { memberPaths } from '../../navigation/member.tsx';
import { brand } from '../../theme.ts';

/** The header's bell with the number of unread messages; opens 我的消息. */
export function MessagesBadge() {
  const unread = useUnread();
  const navigate = useNavigate();
  const n = unread.data?.unread ?? 0;
  return (
    <Button
      type="text"
      aria-label={n > 0 ? `消息（${n} 条未读）` : '消息'}
      data-testid="messages-badge"
      onClick={() => navigate(memberPaths.messages)}
      style={{ flex: 'none' }}
      icon={
        <Badge count={n} size="small" offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 18, color: brand.headerText }} />
        </Badge>
      }
    />
  );
}
