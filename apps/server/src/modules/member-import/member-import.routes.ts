import {
  errorBodySchema,
  importQuerySchema,
  importResultSchema,
  memberImportJobSchema,
  memberImportParamsSchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { staffOf } from '../../http/access.ts';
import type { MemberImportService } from './member-import.service.ts';
import type { MemberImportJobs } from './member-import-jobs.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 30 * 1024 * 1024;
const jobErrors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export const memberImportRoutes =
  (imports: MemberImportService, jobs: MemberImportJobs): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onClose', () => jobs.idle());
    app.get(
      '/api/admin/members/import/template',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['members'],
          summary: '下载会员导入模板（.xlsx）',
          response: { 403: errorBodySchema },
        },
      },
      async (_req, reply) =>
        reply
          .header('content-type', XLSX)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent('会员导入模板.xlsx')}`,
          )
          .send((await imports.template()) as never), // bytes, not JSON
    );
    app.post(
      '/api/admin/members/import',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['members'],
          summary: '导入会员（multipart 上传 .xlsx，字段 file）；dryRun=true 只校验并列出每行错误，不保存',
          querystring: importQuerySchema,
          response: {
            200: importResultSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            413: errorBodySchema,
          },
        },
      },
      async (req) => {
        const part = await req.file({ limits: { fileSize: MAX_BYTES } });
        if (!part) throw new AppError('BAD_REQUEST', '请上传 Excel 文件');
        const file = await part.toBuffer();
        return imports.import(staffOf(req), file, req.query.dryRun, req.ip);
      },
    );
    app.post(
      '/api/admin/member-imports',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['members'],
          summary:
            '后台导入会员（multipart 上传 .xlsx，字段 file）：返回任务编号，逐行校验并报告进度；dryRun=true 只校验',
          querystring: importQuerySchema,
          response: { 201: z.object({ id: z.number().int() }), 413: errorBodySchema, ...jobErrors },
        },
      },
      async (req, reply) => {
        const part = await req.file({ limits: { fileSize: MAX_BYTES } });
        if (!part) throw new AppError('BAD_REQUEST', '请上传 Excel 文件');
        const started = await jobs.request(
          staffOf(req),
          part.file,
          () => part.file.truncated,
          req.query.dryRun,
          req.ip,
        );
        return reply.status(201).send(started);
      },
    );
    app.get(
      '/api/admin/member-imports/:id',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['members'],
          summary: '导入任务的状态、进度（0-100）、统计与前若干条行错误（errorCount 为总数）',
          params: memberImportParamsSchema,
          response: { 200: memberImportJobSchema, ...jobErrors },
        },
      },
      (req) => jobs.status(staffOf(req), req.params.id),
    );
    app.post(
      '/api/admin/member-imports/:id/commit',
      {
        config: { access: nationalAdmin },
        schema: {
          tags: ['members'],
          summary: '确认导入：预检无误的任务在后台全部导入（全部成功或全部不保存）',
          params: memberImportParamsSchema,
          response: { 200: memberImportJobSchema, ...jobErrors },
        },
      },
      (req) => jobs.commit(staffOf(req), req.params.id),
    );
  };
