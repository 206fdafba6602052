import {
  attendanceManualSchema,
  attendanceResultSchema,
  errorBodySchema,
  idParamsSchema,
  memberTrainingSchema,
  staffTrainingSchema,
  trainingInputSchema,
  trainingSignupRowSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { memberOf, staffOf } from '../../http/access.ts';
import type { TrainingService } from './training.service.ts';

const trainingStaff = { staff: ['provincial_reviewer', 'national_admin'] } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const trainingRoutes =
  (service: TrainingService): FastifyPluginAsyncZod =>
  async (app) => {
    // ---- members: 培训通知 ----
    app.get(
      '/api/trainings',
      {
        config: { access: 'member' },
        schema: {
          tags: ['trainings'],
          summary: '培训通知（本省及全国、适用本人会员类型的；含未读标记与报名状态）',
          response: { 200: z.array(memberTrainingSchema) },
        },
      },
      (req) => service.memberList(memberOf(req)),
    );

    app.get(
      '/api/trainings/:id',
      {
        config: { access: 'member' },
        schema: {
          tags: ['trainings'],
          summary: '培训通知详情（打开即标为已读）',
          params: idParamsSchema,
          response: { 200: memberTrainingSchema, ...errors },
        },
      },
      (req) => service.open(memberOf(req), req.params.id),
    );

    app.post(
      '/api/trainings/:id/signup',
      {
        config: { access: 'member' },
        schema: {
          tags: ['trainings'],
          summary: '报名（报名截止前；名额在并发报名时也不超出）',
          params: idParamsSchema,
          response: { 200: memberTrainingSchema, ...errors },
        },
      },
      (req) => service.signUp(memberOf(req), req.params.id),
    );

    app.delete(
      '/api/trainings/:id/signup',
      {
        config: { access: 'member' },
        schema: {
          tags: ['trainings'],
          summary: '取消报名（报名截止前）',
          params: idParamsSchema,
          response: { 200: memberTrainingSchema, ...errors },
        },
      },
      (req) => service.cancel(memberOf(req), req.params.id),
    );

    // ---- staff: notices, sign-ups, attendance ----
    app.get(
      '/api/staff/trainings',
      {
        config: { access: trainingStaff },
        schema: {
          tags: ['trainings'],
          summary: '培训列表（地方注协：本省；中注协：全部）',
          response: { 200: z.array(staffTrainingSchema), ...errors },
        },
      },
      (req) => service.staffList(staffOf(req)),
    );

    app.post(
      '/api/staff/trainings',
      {
        config: { access: trainingStaff },
        schema: {
          tags: ['trainings'],
          summary: '发布培训通知（地方注协为本省，中注协为全国）',
          body: trainingInputSchema,
          response: { 201: staffTrainingSchema, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.publish(staffOf(req), req.body)),
    );

    app.get(
      '/api/staff/trainings/attendance-template',
      {
        config: { access: trainingStaff },
        schema: { tags: ['trainings'], summary: '出勤名单 Excel 模板' },
      },
      async (_req, reply) =>
        reply
          .type(XLSX)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent('出勤名单模板.xlsx')}`,
          )
          .send(await service.template()),
    );

    app.get(
      '/api/staff/trainings/:id/signups',
      {
        config: { access: trainingStaff },
        schema: {
          tags: ['trainings'],
          summary: '报名名单（含是否已记录出勤）',
          params: idParamsSchema,
          response: { 200: z.array(trainingSignupRowSchema), ...errors },
        },
      },
      (req) => service.signups(staffOf(req), req.params.id),
    );

    app.post(
      '/api/staff/trainings/:id/attendance',
      {
        config: { access: trainingStaff },
        schema: {
          tags: ['trainings'],
          summary:
            '导入出勤名单（multipart 的 .xlsx 文件；逐行校验，有错误则全部不保存；dryRun=true 只校验；已记录的不重复计入学时）',
          params: idParamsSchema,
          querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
          response: { 200: attendanceResultSchema, 413: errorBodySchema, ...errors },
        },
      },
      async (req) => {
        const staff = staffOf(req);
        const file = await req.file({ limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
        if (!file) throw new AppError('BAD_REQUEST', '请上传出勤名单（.xlsx）');
        const buffer = await file.toBuffer();
        if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', '名单文件不能超过 5 MB');
        return service.importRoster(staff, req.params.id, buffer, req.query.dryRun === 'true');
      },
    );

    app.post(
      '/api/staff/trainings/:id/attendance/manual',
      {
        config: { access: trainingStaff },
        schema: {
          tags: ['trainings'],
          summary: '手工记录出勤（证书编号列表；有错误则全部不保存）',
          params: idParamsSchema,
          body: attendanceManualSchema,
          response: { 200: attendanceResultSchema, ...errors },
        },
      },
      (req) => service.recordByHand(staffOf(req), req.params.id, req.body.usernames),
    );
  };
