/**
 * The login form's fields and their rules, without zod: the login page is the first page a phone
 * loads, and checks its fields with these before anything else is downloaded. The contract's
 * `loginRequestSchema` (auth.ts) is built from the same rules, so the browser and the server refuse
 * the same input with the same words (the server also refuses control characters).
 */
export const userTypes = ['practicing', 'non_practicing', 'staff'] as const;
export type UserType = (typeof userTypes)[number];

export const userTypeLabels: Record<UserType, string> = {
  practicing: '执业会员',
  non_practicing: '非执业会员',
  staff: '管理人员',
};

export interface LoginFieldRule {
  /** refused when empty (after trimming, for trimmed fields), with this message */
  required?: string;
  max: number;
  tooLong: string;
  trim: boolean;
}

export const loginFieldRules = {
  username: { required: '请输入用户名', max: 64, tooLong: '用户名过长', trim: true },
  password: { required: '请输入密码', max: 128, tooLong: '密码过长', trim: false },
  captcha: { max: 8, tooLong: '验证码过长', trim: true },
} as const satisfies Record<string, LoginFieldRule>;

/** What is wrong with a login field's value by its rule, or null. */
export function loginFieldProblem(rule: LoginFieldRule, value: string): string | null {
  const text = rule.trim ? value.trim() : value;
  if (rule.required && text.length === 0) return rule.required;
  return text.length > rule.max ? rule.tooLong : null;
}
