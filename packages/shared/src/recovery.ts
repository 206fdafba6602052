import { z } from 'zod';
import { mobileSchema } from './identity.ts';
import { singleLineTextSchema } from './text.ts';

export const smsCodeSchema = singleLineTextSchema.trim().regex(/^\d{6}$/, '请输入 6 位数字短信验证码');
const newPasswordSchema = singleLineTextSchema.min(1, '请输入新密码').max(128, '密码过长');

export const recoveryStartSchema = z.object({
  userType: z.enum(['practicing', 'non_practicing']),
  username: singleLineTextSchema.trim().min(1, '请输入用户名').max(64, '用户名过长'),
  captcha: singleLineTextSchema.trim().max(8, '验证码过长').optional().default(''),
});
export type RecoveryStart = z.input<typeof recoveryStartSchema>;

export const recoveryStartedSchema = z.object({
  recoveryId: singleLineTextSchema,
  maskedPhone: singleLineTextSchema.describe('已脱敏，如 138****8628'),
});

export const smsSentSchema = z.object({
  maskedPhone: singleLineTextSchema,
  validSeconds: z.number().int(),
});

export const recoveryResetSchema = z.object({ code: smsCodeSchema, newPassword: newPasswordSchema });

export const changePasswordSchema = z.object({
  currentPassword: singleLineTextSchema.min(1, '请输入当前密码').max(128),
  newPassword: newPasswordSchema,
});

export const changePhoneStartSchema = z.object({
  currentPassword: singleLineTextSchema.min(1, '请输入当前密码').max(128),
  newPhone: mobileSchema,
});

export const changePhoneConfirmSchema = z.object({
  recoveryId: singleLineTextSchema.min(1).max(64),
  code: smsCodeSchema,
});

export const smsOutboxEntrySchema = z.object({
  id: z.number().int(),
  phone: singleLineTextSchema,
  purpose: singleLineTextSchema,
  body: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type SmsOutboxEntry = z.infer<typeof smsOutboxEntrySchema>;
