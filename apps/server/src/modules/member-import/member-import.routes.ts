import { errorBodySchema, importQuerySchema, importResultSchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { staffOf } from '../../http/access.ts';
import type { MemberImportService } from './member-import.service.ts';

const nationalAdmin = { staff: ['national_admin'] } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const memberImportRoutes =
  (imports: MemberImportService): FastifyPluginAsyncZod =>
  async (app) => {
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
        const part = await req.file({ limits: { fileSize: 30 * 1024 * 1024 } });
        if (!part) throw new AppError('BAD_REQUEST', '请上传 Excel 文件');
        const file = await part.toBuffer();
        return imports.import(staffOf(req), file, req.query.dryRun, req.ip);
      },
    );
  };
