import {
  errorBodySchema,
  idParamsSchema,
  reminderCampaignListSchema,
  reminderCampaignSchema,
  reminderFilterSchema,
  reminderListQuerySchema,
  reminderPreviewSchema,
  smsPreferencesSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf, staffOf } from '../../http/access.ts';
import type { ReminderService } from './reminder.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const tags = ['reminders'];

export const reminderRoutes =
  (reminders: ReminderService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/admin/reminders/preview',
      {
        config: { access: nationalAdmin },
        schema: {
          tags,
          summary: '按筛选条件预览将收到年度学时提醒的会员人数（含已退订人数）',
          querystring: reminderFilterSchema,
          response: { 200: reminderPreviewSchema, ...errors },
        },
      },
      (req) => reminders.preview(req.query),
    );
    app.post(
      '/api/admin/reminders',
      {
        config: { access: nationalAdmin },
        schema: {
          tags,
          summary: '创建年度学时提醒任务：向该年度学时未达标且符合条件的会员分批发送短信（每人一次）',
          body: reminderFilterSchema,
          response: { 200: reminderCampaignSchema, ...errors },
        },
      },
      (req) => reminders.create(staffOf(req), req.body, req.ip),
    );
    app.get(
      '/api/admin/reminders',
      {
        config: { access: nationalAdmin },
        schema: {
          tags,
          summary: '某年度的学时提醒任务及发送进度',
          querystring: reminderListQuerySchema,
          response: { 200: reminderCampaignListSchema, ...errors },
        },
      },
      (req) => reminders.list(req.query.year),
    );
    app.get(
      '/api/admin/reminders/:id',
      {
        config: { access: nationalAdmin },
        schema: {
          tags,
          summary: '学时提醒任务的状态、进度与计数',
          params: idParamsSchema,
          response: { 200: reminderCampaignSchema, ...errors },
        },
      },
      (req) => reminders.get(req.params.id),
    );
    app.post(
      '/api/admin/reminders/:id/cancel',
      {
        config: { access: nationalAdmin },
        schema: {
          tags,
          summary: '取消尚未完成的学时提醒任务（已排队的短信照常发送）',
          params: idParamsSchema,
          response: { 200: reminderCampaignSchema, ...errors },
        },
      },
      (req) => reminders.cancel(staffOf(req), req.params.id, req.ip),
    );

    app.get(
      '/api/me/sms-preferences',
      {
        config: { access: 'member' },
        schema: {
          tags,
          summary: '是否接收年度学时提醒短信',
          response: { 200: smsPreferencesSchema, ...errors },
        },
      },
      (req) => reminders.preferences(memberOf(req)),
    );
    app.put(
      '/api/me/sms-preferences',
      {
        config: { access: 'member' },
        schema: {
          tags,
          summary: '设置是否接收年度学时提醒短信（验证码等账户短信不受影响）',
          body: smsPreferencesSchema,
          response: { 200: smsPreferencesSchema, ...errors },
        },
      },
      (req) => reminders.setPreferences(memberOf(req), req.body.yearlyReminders, req.ip),
    );
  };
