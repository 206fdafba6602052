import { z } from 'zod';
import { type LoginFieldRule, loginFieldRules, type UserType, userTypes } from './login.ts';
import { singleLineTextSchema } from './text.ts';

export {
  type LoginFieldRule,
  loginFieldProblem,
  loginFieldRules,
  type UserType,
  userTypeLabels,
  userTypes,
} from './login.ts';
export const userTypeSchema = z.enum(userTypes);
export type MemberType = Exclude<UserType, 'staff'>;

export const staffRoles = [
  'national_admin',
  'provincial_reviewer',
  'institute_admin',
  'system_admin',
] as const;
export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const staffRoleLabels: Record<StaffRole, string> = {
  national_admin: '中注协管理员',
  provincial_reviewer: '地方注协审核人员',
  institute_admin: '国家会计学院管理员',
  system_admin: '系统管理员',
};

/** A login field's string schema from its rule (login.ts), so the login page checks the same. */
function loginField(rule: LoginFieldRule) {
  const text = rule.trim ? singleLineTextSchema.trim() : singleLineTextSchema;
  return (rule.required ? text.min(1, rule.required) : text).max(rule.max, rule.tooLong);
}

export const loginRequestSchema = z.object({
  userType: userTypeSchema,
  username: loginField(loginFieldRules.username),
  password: loginField(loginFieldRules.password),
  captcha: loginField(loginFieldRules.captcha).optional().default(''),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const provinceSchema = z.object({ code: singleLineTextSchema, name: singleLineTextSchema });

export const meSchema = z.object({
  id: z.number().int(),
  userType: userTypeSchema,
  username: singleLineTextSchema,
  name: singleLineTextSchema,
  province: provinceSchema.nullable(),
  // members
  mobile: singleLineTextSchema.optional().describe('已脱敏'),
  idNumber: singleLineTextSchema.optional().describe('已脱敏'),
  registeredOn: singleLineTextSchema.optional(),
  firm: z.object({ id: z.number().int(), name: singleLineTextSchema }).nullable().optional(),
  // staff
  role: staffRoleSchema.optional(),
  institute: z.object({ id: z.number().int(), name: singleLineTextSchema }).nullable().optional(),
});
export type Me = z.infer<typeof meSchema>;

export const captchaConfigSchema = z.object({ enabled: z.boolean() });
