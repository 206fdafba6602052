import { createExportSchema, errorBodySchema, exportJobSchema, exportParamsSchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOf } from '../../http/access.ts';
import type { ExportService } from './export.service.ts';

const exporters = { staff: ['national_admin', 'provincial_reviewer', 'system_admin'] } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export const exportRoutes =
  (exports: ExportService): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('onClose', () => exports.idle());
    app.post(
      '/api/exports',
      {
        config: { access: exporters },
        schema: {
          tags: ['exports'],
          summary: '发起导出（后台生成 Excel，完成后下载）：compliance、members、audit、orders、claims',
          body: createExportSchema,
          response: { 201: z.object({ id: z.number().int() }), ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await exports.request(staffOf(req), req.body, req.ip)),
    );
    app.get(
      '/api/exports',
      {
        config: { access: exporters },
        schema: {
          tags: ['exports'],
          summary: '我最近的导出任务',
          response: { 200: z.array(exportJobSchema) },
        },
      },
      (req) => exports.mine(staffOf(req)),
    );
    app.get(
      '/api/exports/:id',
      {
        config: { access: exporters },
        schema: {
          tags: ['exports'],
          summary: '导出任务的状态与进度（0-100）',
          params: exportParamsSchema,
          response: { 200: exportJobSchema, ...errors },
        },
      },
      (req) => exports.status(staffOf(req), req.params.id),
    );
    app.get(
      '/api/exports/:id/file',
      {
        config: { access: exporters },
        schema: {
          tags: ['exports'],
          summary: '下载已完成的导出文件（.xlsx）',
          params: exportParamsSchema,
          response: { ...errors, 410: errorBodySchema },
        },
      },
      async (req, reply) => {
        const { stream, downloadName } = await exports.file(staffOf(req), req.params.id, req.ip);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}`)
          .send(stream as never); // bytes, not JSON: the response schemas describe the errors only
      },
    );
  };
