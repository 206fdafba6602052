import { z } from 'zod';
import { yearSchema } from './params.ts';
import { singleLineTextSchema } from './text.ts';

/** Year-end SMS reminders to members short of the year's hours, and the member's opt-out. */

const year = yearSchema;
const memberType = z.enum(['practicing', 'non_practicing']);

/** Who a campaign reminds: members short for the year, optionally of one province and member type. */
export const reminderFilterSchema = z.object({
  year,
  province: z
    .string()
    .regex(/^\d{2}$/, '地方注协代码应为两位数字')
    .optional(),
  memberType: memberType.optional(),
  /** only members short by at least this many hundredths of an hour */
  minShortfallHundredths: z.coerce
    .number()
    .int('学时格式不正确')
    .min(0, '学时不能为负数')
    .max(100_000, '学时过大')
    .optional(),
});
export type ReminderFilter = z.infer<typeof reminderFilterSchema>;

export const reminderListQuerySchema = z.object({ year });

export const reminderCampaignStatuses = ['queued', 'running', 'done', 'cancelled'] as const;
export const reminderCampaignStatusLabels: Record<(typeof reminderCampaignStatuses)[number], string> = {
  queued: '排队中',
  running: '发送中',
  done: '已完成',
  cancelled: '已取消',
};

export const reminderCampaignSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  /** the staff member's name, null for an automatic campaign */
  createdBy: singleLineTextSchema.nullable(),
  createdAt: z.string(),
  auto: z.boolean(),
  province: singleLineTextSchema.nullable(),
  provinceName: singleLineTextSchema.nullable(),
  memberType: memberType.nullable(),
  minShortfallHundredths: z.number().int(),
  status: z.enum(reminderCampaignStatuses),
  /** members short and matching when the campaign was created */
  targeted: z.number().int(),
  enqueued: z.number().int(),
  skippedOptOut: z.number().int(),
  /** 0-100 */
  progress: z.number().int(),
  doneAt: z.string().nullable(),
});
export type ReminderCampaign = z.infer<typeof reminderCampaignSchema>;
export const reminderCampaignListSchema = z.object({ campaigns: z.array(reminderCampaignSchema) });

/** How many members a campaign with these filters would remind now (opted-out members apart). */
export const reminderPreviewSchema = z.object({
  short: z.number().int(),
  optedOut: z.number().int(),
});
export type ReminderPreview = z.infer<typeof reminderPreviewSchema>;

/** 接收年度学时提醒短信 */
export const smsPreferencesSchema = z.object({ yearlyReminders: z.boolean() });
export type SmsPreferences = z.infer<typeof smsPreferencesSchema>;
