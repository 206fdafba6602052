import type { SmsPreferences } from '@cpe/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Switch, Typography } from 'antd';
import { api, errorMessage } from '../../api/client.ts';

const KEY = ['sms-preferences'];

/** 接收年度学时提醒短信: the member's opt-out from the year-end reminders (account texts still come). */
export function SmsPreferenceCard() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const prefs = useQuery({ queryKey: KEY, queryFn: () => api<SmsPreferences>('/api/me/sms-preferences') });
  const save = useMutation({
    mutationFn: (p: SmsPreferences) =>
      api<SmsPreferences>('/api/me/sms-preferences', { method: 'PUT', body: p }),
    onSuccess: (p) => {
      queryClient.setQueryData(KEY, p);
      message.success(p.yearlyReminders ? '已开启年度学时提醒短信' : '已关闭年度学时提醒短信');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card title="短信通知">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}>
        <label htmlFor="yearly-reminders">接收年度学时提醒短信</label>
        <Switch
          id="yearly-reminders"
          checked={prefs.data?.yearlyReminders ?? true}
          loading={prefs.isPending || save.isPending}
          onChange={(on) => save.mutate({ yearlyReminders: on })}
        />
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        年底前学时未达标时，中注协会发送短信提醒。关闭后不再收到提醒；验证码、审核结果等短信不受影响。也可回复
        TD 退订。
      </Typography.Paragraph>
    </Card>
  );
}
