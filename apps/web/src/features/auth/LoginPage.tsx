import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import type { Me } from '@cpe/shared';
// The zod-free rules of the login fields: the first page loaded does not download zod.
import {
  type LoginFieldRule,
  loginFieldProblem,
  loginFieldRules,
  type UserType,
  userTypeLabels,
  userTypes,
} from '@cpe/shared/login';
import { Alert, Button, Form, type FormRule, Input, Select } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useCaptcha, useLogin, useMe } from '../../api/auth.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { homePath } from './currentUser.ts';

/** Members log in with their certificate number (domain.md section 1). */
const usernamePlaceholders: Record<UserType, string> = {
  practicing: '注册会计师证书编号',
  non_practicing: '会员证书编号',
  staff: '用户名',
};

interface LoginForm {
  userType: UserType;
  username: string;
  password: string;
  captcha?: string;
}

/** An antd Form rule reporting a login field's problem by the contract's rule. */
function fieldRule(rule: LoginFieldRule): FormRule {
  return {
    validator: async (_rule, value) => {
      const problem = loginFieldProblem(rule, value ?? '');
      if (problem) throw new Error(problem);
    },
  };
}

/** Back to the page the user wanted, if it belongs to their area; else their home. */
function landingPath(me: Me, from: unknown): string {
  const home = homePath(me);
  return typeof from === 'string' && (from === home || from.startsWith(`${home}/`)) ? from : home;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const userType = Form.useWatch('userType', form) ?? 'practicing';
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const me = useMe();
  // Set once the server asks for a captcha for this user name (too many failures): shown from then on.
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const captcha = useCaptcha(captchaRequired);
  const login = useLogin();
  const [error, setError] = useState<string | null>(null);
  const showCaptcha = !!captcha.data?.image && (captcha.data.enabled || captchaRequired);

  if (me.data && !login.isPending) return <Navigate to={landingPath(me.data, from)} replace />;

  const onFinish = (values: LoginForm) => {
    setError(null);
    // The fields passed their rules (the form checks them before onFinish); the server parses the
    // request with the contract's schema again.
    const request = {
      userType: values.userType,
      username: values.username.trim(),
      password: values.password,
      captcha: (values.captcha ?? '').trim(),
    };
    login.mutate(request, {
      onSuccess: (user) => navigate(landingPath(user, from), { replace: true }),
      onError: (e) => {
        setError(errorMessage(e));
        // A captcha is good for one attempt only.
        form.setFieldValue('captcha', '');
        const code = e instanceof ApiError ? e.code : '';
        if (code === 'CAPTCHA_REQUIRED' && !captchaRequired)
          setCaptchaRequired(true); // fetches one
        else if (showCaptcha) void captcha.refetch();
        if (code === 'CAPTCHA_INVALID' || code === 'CAPTCHA_REQUIRED') form.focusField('captcha');
      },
    });
  };

  return (
    <AuthFrame title="用户登录">
      <Form<LoginForm>
        form={form}
        name="login"
        layout="vertical"
        size="large"
        requiredMark={false}
        initialValues={{ userType: 'practicing' }}
        onFinish={onFinish}
        onValuesChange={() => error && setError(null)}
      >
        <Form.Item label="用户类型" name="userType">
          <Select options={userTypes.map((t) => ({ value: t, label: userTypeLabels[t] }))} />
        </Form.Item>
        <Form.Item label="用户名" name="username" rules={[fieldRule(loginFieldRules.username)]}>
          <Input
            prefix={<UserOutlined />}
            placeholder={usernamePlaceholders[userType]}
            autoComplete="username"
            autoCapitalize="characters"
            spellCheck={false}
          />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[fieldRule(loginFieldRules.password)]}>
          <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
        </Form.Item>
        {showCaptcha && (
          <Form.Item label="验证码" htmlFor="login_captcha" required>
            <div style={{ display: 'flex', gap: 8 }}>
              <Form.Item
                name="captcha"
                noStyle
                rules={[{ required: true, message: '请输入验证码' }, fieldRule(loginFieldRules.captcha)]}
              >
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
                title="看不清？点击刷新"
                aria-label="刷新验证码"
                onClick={() => void captcha.refetch()}
                style={{
                  padding: 0,
                  border: '1px solid #d9d9d9',
                  borderRadius: 4,
                  background: '#fff',
                  cursor: 'pointer',
                }}
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
        {captcha.isError && (
          <Alert
            type="warning"
            showIcon
            title={`验证码加载失败：${errorMessage(captcha.error)}`}
            style={{ marginBottom: 16 }}
          />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form.Item style={{ marginBottom: 12 }}>
          {/* No spinner: its icon leaves by an animation that can linger, and while it is in the
              DOM screen readers (and the browser journeys) read the button as "loading 登录". */}
          <Button type="primary" htmlType="submit" block disabled={login.isPending}>
            {login.isPending ? '登录中…' : '登录'}
          </Button>
        </Form.Item>
        <div style={{ textAlign: 'right' }}>
          <Link to="/forgot-password">忘记密码</Link>
        </div>
      </Form>
    </AuthFrame>
  );
}
