import {
  changePasswordSchema,
  changePhoneStartSchema,
  recoveryResetSchema,
  smsCodeSchema,
} from '@cpe/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { meQueryKey } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import {
  changePassword,
  confirmPhoneChange,
  type RecoveryStarted,
  startPhoneChange,
} from '../../api/recovery.ts';
import { zodRule } from '../../components/zodRule.ts';
import { useCurrentUser } from '../auth/currentUser.ts';
import { SmsPreferenceCard } from './SmsPreferenceCard.tsx';

/**
 * 账户安全: the member changes the password (current one required) and the registered phone, and chooses
 * whether to receive the year-end reminder texts.
 */
export function SecurityPage() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        账户安全
      </Typography.Title>
      <PasswordCard />
      <PhoneCard />
      <SmsPreferenceCard />
    </Space>
  );
}

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function PasswordCard() {
  const [form] = Form.useForm<PasswordForm>();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: PasswordForm) => {
    setError(null);
    setBusy(true);
    try {
      await changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      message.success('密码已修改，其他设备上的登录已退出');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="修改密码">
      <Form<PasswordForm>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
      >
        <Form.Item
          label="当前密码"
          name="currentPassword"
          rules={[zodRule(changePasswordSchema.shape.currentPassword)]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 12 位，包含小写字母、大写字母、数字、符号中的至少三类"
          rules={[zodRule(recoveryResetSchema.shape.newPassword)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

interface PhoneForm {
  currentPassword: string;
  newPhone: string;
  code?: string;
}

function PhoneCard() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PhoneForm>();
  const [started, setStarted] = useState<RecoveryStarted | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: PhoneForm) => {
    setError(null);
    setBusy(true);
    try {
      if (!started) {
        setStarted(await startPhoneChange({ currentPassword: v.currentPassword, newPhone: v.newPhone }));
      } else {
        const done = await confirmPhoneChange({ recoveryId: started.recoveryId, code: v.code ?? '' });
        setStarted(null);
        form.resetFields();
        await queryClient.invalidateQueries({ queryKey: meQueryKey });
        message.success(`登记手机已改为 ${done.maskedPhone}`);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="修改登记手机">
      <Typography.Paragraph>
        当前登记手机：<strong>{me.mobile}</strong>
      </Typography.Paragraph>
      <Form<PhoneForm>
        form={form}
        name="change-phone"
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
      >
        <Form.Item
          label="当前密码"
          name="currentPassword"
          rules={[zodRule(changePhoneStartSchema.shape.currentPassword)]}
        >
          <Input.Password autoComplete="current-password" disabled={!!started} />
        </Form.Item>
        <Form.Item
          label="新手机号码"
          name="newPhone"
          rules={[zodRule(changePhoneStartSchema.shape.newPhone)]}
        >
          <Input inputMode="tel" maxLength={11} disabled={!!started} />
        </Form.Item>
        {started && (
          <Form.Item
            label={`短信验证码（已发送至 ${started.maskedPhone}）`}
            name="code"
            rules={[zodRule(smsCodeSchema)]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {started ? '确认修改' : '发送验证码'}
          </Button>
          {started && (
            <Button
              onClick={() => {
                setStarted(null);
                setError(null);
              }}
            >
              取消
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}
