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
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useCaptcha, useLogin, useMe } from '../../api/auth.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { preloadLanding } from '../../layouts/preload.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { homePath } from './currentUser.ts';
import {
  ErrorIcon,
  EyeIcon,
  EyeInvisibleIcon,
  LockIcon,
  SafetyIcon,
  UserIcon,
  WarningIcon,
} from './icons.tsx';

/** Members log in with their certificate number (domain.md section 1). */
const usernamePlaceholders: Record<UserType, string> = {
  practicing: '注册会计师证书编号',
  non_practicing: '会员证书编号',
  staff: '用户名',
};

type TextField = 'username' | 'password' | 'captcha';

interface LoginForm {
  userType: UserType;
  username: string;
  password: string;
  captcha: string;
}

const emptyForm: LoginForm = { userType: 'practicing', username: '', password: '', captcha: '' };

/** What is wrong with a field's value, by the contract's rule (the captcha is also required when shown). */
function fieldProblem(field: TextField, value: string): string | null {
  if (field === 'captcha' && value.trim() === '') return '请输入验证码';
  const rule: LoginFieldRule = loginFieldRules[field];
  return loginFieldProblem(rule, value);
}

/** Back to the page the user wanted, if it belongs to their area; else their home. */
function landingPath(me: Me, from: unknown): string {
  const home = homePath(me);
  return typeof from === 'string' && (from === home || from.startsWith(`${home}/`)) ? from : home;
}

const fieldId = (field: keyof LoginForm) => `login_${field}`;

/** A labelled field with its problem shown under it and tied to it for screen readers. */
function Field({
  field,
  label,
  problem,
  children,
}: {
  field: keyof LoginForm;
  label: string;
  problem?: string | null;
  children: ReactNode;
}) {
  return (
    <div className={problem ? 'auth-field has-error' : 'auth-field'}>
      <label className="auth-label" htmlFor={fieldId(field)}>
        {label}
      </label>
      {children}
      {problem && (
        <div className="auth-field-error" id={`${fieldId(field)}_help`}>
          {problem}
        </div>
      )}
    </div>
  );
}

/**
 * The login page: plain React and CSS (auth.css) with native controls, so a phone's first page needs
 * neither antd nor zod. Field rules and messages come from `@cpe/shared/login`, as on the server.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const me = useMe();
  const [values, setValues] = useState<LoginForm>(emptyForm);
  const [problems, setProblems] = useState<Partial<Record<TextField, string | null>>>({});
  const [passwordVisible, setPasswordVisible] = useState(false);
  // Set once the server asks for a captcha for this user name (too many failures): shown from then on.
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const captcha = useCaptcha(captchaRequired);
  const login = useLogin();
  const [error, setError] = useState<string | null>(null);
  const showCaptcha = !!captcha.data?.image && (captcha.data.enabled || captchaRequired);
  const inputs = useRef<Partial<Record<TextField, HTMLInputElement | null>>>({});
  // The captcha field to focus once it shows (after the server first asks for one, the image comes later).
  const [focusCaptcha, setFocusCaptcha] = useState(false);

  useEffect(() => {
    if (focusCaptcha && showCaptcha) {
      inputs.current.captcha?.focus();
      setFocusCaptcha(false);
    }
  }, [focusCaptcha, showCaptcha]);

  if (me.data && !login.isPending) return <Navigate to={landingPath(me.data, from)} replace />;

  const change = (field: keyof LoginForm, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (field !== 'userType') setProblems((p) => ({ ...p, [field]: fieldProblem(field, value) }));
    if (error) setError(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (login.isPending) return;
    const fields: TextField[] = showCaptcha ? ['username', 'password', 'captcha'] : ['username', 'password'];
    const found = Object.fromEntries(fields.map((f) => [f, fieldProblem(f, values[f])]));
    setProblems(found);
    const first = fields.find((f) => found[f]);
    if (first) {
      inputs.current[first]?.focus();
      return;
    }
    setError(null);
    // Fetch the next page's code while the server checks the password.
    preloadLanding(values.userType);
    // The server parses the request with the contract's schema again.
    const request = {
      userType: values.userType,
      username: values.username.trim(),
      password: values.password,
      captcha: values.captcha.trim(),
    };
    login.mutate(request, {
      onSuccess: (user) => navigate(landingPath(user, from), { replace: true }),
      onError: (e) => {
        setError(errorMessage(e));
        // A captcha is good for one attempt only.
        setValues((v) => ({ ...v, captcha: '' }));
        setProblems((p) => ({ ...p, captcha: null }));
        const code = e instanceof ApiError ? e.code : '';
        if (code === 'CAPTCHA_REQUIRED' && !captchaRequired)
          setCaptchaRequired(true); // fetches one
        else if (showCaptcha) void captcha.refetch();
        if (code === 'CAPTCHA_INVALID' || code === 'CAPTCHA_REQUIRED') setFocusCaptcha(true);
      },
    });
  };

  /** The attributes tying a text input to its label's field, its problem and its ref. */
  const textInput = (field: TextField) => ({
    id: fieldId(field),
    name: field,
    value: values[field],
    onChange: (e: { target: { value: string } }) => change(field, e.target.value),
    ref: (el: HTMLInputElement | null) => {
      inputs.current[field] = el;
    },
    'aria-invalid': problems[field] ? true : undefined,
    'aria-describedby': problems[field] ? `${fieldId(field)}_help` : undefined,
  });
  const controlClass = (field: TextField) => (problems[field] ? 'auth-control has-error' : 'auth-control');

  return (
    <AuthFrame title="用户登录">
      <form id="login" noValidate onSubmit={onSubmit}>
        <Field field="userType" label="用户类型">
          <select
            id={fieldId('userType')}
            name="userType"
            className="auth-control auth-select"
            value={values.userType}
            onChange={(e) => change('userType', e.target.value)}
          >
            {userTypes.map((t) => (
              <option key={t} value={t}>
                {userTypeLabels[t]}
              </option>
            ))}
          </select>
        </Field>
        <Field field="username" label="用户名" problem={problems.username}>
          <div className={controlClass('username')}>
            <UserIcon />
            <input
              {...textInput('username')}
              type="text"
              placeholder={usernamePlaceholders[values.userType]}
              autoComplete="username"
              autoCapitalize="characters"
              spellCheck={false}
            />
          </div>
        </Field>
        <Field field="password" label="密码" problem={problems.password}>
          <div className={controlClass('password')}>
            <LockIcon />
            <input
              {...textInput('password')}
              type={passwordVisible ? 'text' : 'password'}
              placeholder="密码"
              autoComplete="current-password"
            />
            <button
              type="button"
              className="auth-eye"
              aria-label={passwordVisible ? '隐藏密码' : '显示密码'}
              aria-pressed={passwordVisible}
              onClick={() => setPasswordVisible((v) => !v)}
            >
              {passwordVisible ? <EyeIcon /> : <EyeInvisibleIcon />}
            </button>
          </div>
        </Field>
        {showCaptcha && (
          <Field field="captcha" label="验证码" problem={problems.captcha}>
            <div className="auth-captcha-row">
              <div className={controlClass('captcha')}>
                <SafetyIcon />
                <input
                  {...textInput('captcha')}
                  type="text"
                  placeholder="验证码"
                  autoComplete="off"
                  maxLength={8}
                  aria-required="true"
                />
              </div>
              <button
                type="button"
                className="auth-captcha-refresh"
                title="看不清？点击刷新"
                aria-label="刷新验证码"
                onClick={() => void captcha.refetch()}
              >
                <img src={captcha.data?.image ?? undefined} alt="验证码" />
              </button>
            </div>
          </Field>
        )}
        {captcha.isError && (
          <div className="auth-alert warning" role="alert">
            <WarningIcon />
            <span>验证码加载失败：{errorMessage(captcha.error)}</span>
          </div>
        )}
        {error && (
          <div className="auth-alert error" role="alert">
            <ErrorIcon />
            <span>{error}</span>
          </div>
        )}
        <button type="submit" className="auth-submit" disabled={login.isPending}>
          {login.isPending ? '登录中…' : '登录'}
        </button>
        <div className="auth-links">
          <Link to="/forgot-password">忘记密码</Link>
        </div>
      </form>
    </AuthFrame>
  );
}
