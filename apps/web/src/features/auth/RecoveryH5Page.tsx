import { LockOutlined, MessageOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { recoveryResetSchema, recoveryStartSchema, smsCodeSchema, userTypeLabels } from '@cpe/shared';
import { Alert, Button, Form, Input, Result, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCaptcha } from '../../api/auth.ts';
import { errorMessage } from '../../api/client.ts';
import { type RecoveryStarted, resetPassword, sendRecoverySms, startRecovery } from '../../api/recovery.ts';
import { zodRule } from '../../components/zodRule.ts';
import { brand } from '../../theme.ts';
import { SupportPhones } from './SupportPhones.tsx';

type MemberType = 'practicing' | 'non_practicing';
const placeholders: Record<MemberType, string> = {
  practicing: '注册会计师证书编号',
  non_practicing: '会员证书编号',
};

/** Seconds until the next code may be asked for (the server allows one a minute per phone). */
function useCountdown() {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return [left, setLeft] as const;
}

/**
 * The official account's 找回密码 page (mobile H5): account and captcha, then the SMS code to the
 * registered phone (shown masked) and the new password twice. Nobody is logged in by it.
 */
export function RecoveryH5Page() {
  const [started, setStarted] = useState<RecoveryStarted | null>(null);
  const [done, setDone] = useState(false);
  return (
    <div style={{ minHeight: '100vh', background: brand.pageBackground }}>
      <header
        style={{
          background: brand.primary,
          color: '#fff',
          padding: '14px 16px',
          fontSize: 17,
          fontWeight: 500,
        }}
      >
        找回密码
      </header>
      <main style={{ maxWidth: 480, margin: '0 auto', padding: 16 }}>
        {done ? (
          <Result
            status="success"
            title="密码已重置"
            subTitle="所有设备上的登录已退出，请用新密码登录。"
            extra={
              <Link to="/login">
                <Button type="primary">去登录</Button>
              </Link>
            }
          />
        ) : started ? (
          <CodeStep started={started} onDone={() => setDone(true)} onRestart={() => setStarted(null)} />
        ) : (
          <AccountStep onStarted={setStarted} />
        )}
        <div style={{ marginTop: 24 }}>
          <SupportPhones />
        </div>
      </main>
    </div>
  );
}

interface AccountForm {
  userType: MemberType;
  username: string;
  captcha?: string;
}

function AccountStep({ onStarted }: { onStarted: (s: RecoveryStarted) => void }) {
  const [form] = Form.useForm<AccountForm>();
  const userType = Form.useWatch('userType', form) ?? 'practicing';
  const captcha = useCaptcha();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const showCaptcha = !!captcha.data?.enabled && !!captcha.data.image;

  const onFinish = async (values: AccountForm) => {
    setError(null);
    setBusy(true);
    try {
      onStarted(await startRecovery({ ...values, captcha: values.captcha ?? '' }));
    } catch (e) {
      setError(errorMessage(e));
      form.setFieldValue('captcha', '');
      if (showCaptcha) void captcha.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<AccountForm>
      form={form}
      name="recovery"
      layout="vertical"
      size="large"
      requiredMark={false}
      initialValues={{ userType: 'practicing' }}
      onFinish={onFinish}
    >
      <Form.Item label="用户类型" name="userType">
        <Select
          options={(['practicing', 'non_practicing'] as const).map((t) => ({
            value: t,
            label: userTypeLabels[t],
          }))}
        />
      </Form.Item>
      <Form.Item label="用户名" name="username" rules={[zodRule(recoveryStartSchema.shape.username)]}>
        <Input
          prefix={<UserOutlined />}
          placeholder={placeholders[userType]}
          autoComplete="username"
          spellCheck={false}
        />
      </Form.Item>
      {showCaptcha && (
        <Form.Item label="图片验证码" htmlFor="recovery_captcha" required>
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="captcha" noStyle rules={[{ required: true, message: '请输入验证码' }]}>
              <Input
                prefix={<SafetyOutlined />}
                placeholder="验证码"
                autoComplete="off"
                maxLength={8}
                style={{ flex: 1, minWidth: 0 }}
              />
            </Form.Item>
            <button
              type="button"
              aria-label="刷新验证码"
              onClick={() => void captcha.refetch()}
              style={{ padding: 0, border: '1px solid #d9d9d9', borderRadius: 4, background: '#fff' }}
            >
              <img
                src={captcha.data?.image ?? undefined}
                alt="验证码"
                style={{ display: 'block', height: 38, width: 114 }}
              />
            </button>
          </div>
        </Form.Item>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={busy}>
        下一步
      </Button>
    </Form>
  );
}

interface CodeForm {
  code: string;
  newPassword: string;
  confirm: string;
}

function CodeStep({
  started,
  onDone,
  onRestart,
}: {
  started: RecoveryStarted;
  onDone: () => void;
  onRestart: () => void;
}) {
  const [form] = Form.useForm<CodeForm>();
  const [left, setLeft] = useCountdown();
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setError(null);
    setSending(true);
    try {
      await sendRecoverySms(started.recoveryId);
      setSent(true);
      setLeft(60);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  const onFinish = async (values: CodeForm) => {
    setError(null);
    setBusy(true);
    try {
      await resetPassword(started.recoveryId, { code: values.code, newPassword: values.newPassword });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph>
        您的登记手机号码：<strong data-testid="masked-phone">{started.maskedPhone}</strong>
      </Typography.Paragraph>
      <Form<CodeForm>
        form={form}
        name="reset"
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={onFinish}
      >
        <Form.Item label="短信验证码" htmlFor="reset_code" required>
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="code" noStyle rules={[zodRule(smsCodeSchema)]}>
              <Input
                prefix={<MessageOutlined />}
                placeholder="6 位数字"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                style={{ flex: 1, minWidth: 0 }}
              />
            </Form.Item>
            <Button onClick={send} loading={sending} disabled={left > 0} style={{ flex: 'none' }}>
              {left > 0 ? `${left} 秒后重发` : sent ? '重新获取' : '获取验证码'}
            </Button>
          </div>
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 12 位，包含小写字母、大写字母、数字、符号中的至少三类"
          rules={[zodRule(recoveryResetSchema.shape.newPassword)]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, v) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        {sent && !error && (
          <Alert
            type="success"
            showIcon
            title={`验证码已发送至 ${started.maskedPhone}，10 分钟内有效`}
            style={{ marginBottom: 16 }}
          />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={busy}>
          重置密码
        </Button>
        <Button type="link" block onClick={onRestart} style={{ marginTop: 8 }}>
          重新输入用户名
        </Button>
      </Form>
    </>
  );
}
