import { z } from 'zod';
import { singleLineTextSchema } from './text.ts';

export const userTypes = ['practicing', 'non_practicing', 'staff'] as const;
export const userTypeSchema = z.enum(userTypes);
export type UserType = z.infer<typeof userTypeSchema>;
export type MemberType = Exclude<UserType, 'staff'>;

export const userTypeLabels: Record<UserType, string> = {
  practicing: '执业会员',
  non_practicing: '非执业会员',
  staff: '管理人员',
};

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

export const loginRequestSchema = z.object({
  userType: userTypeSchema,
  username: singleLineTextSchema.trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: singleLineTextSchema.min(1, '请输入密码').max(128, '密码过长'),
  captcha: singleLineTextSchema.trim().max(8, '验证码过长').optional().default(''),
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
