import { PassThrough } from 'node:stream';
import {
  adminCourseSchema,
  copyYearResponseSchema,
  copyYearSchema,
  courseInputSchema,
  coursePatchSchema,
  errorBodySchema,
  idParamsSchema,
  learnerStatsSchema,
  lessonInputSchema,
  lessonPatchSchema,
  questionnaireInputSchema,
  questionnaireSchema,
  uploadStatusSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { staffOf } from '../../http/access.ts';
import type { CatalogueAdminService, ChunkRange } from './catalogue-admin.service.ts';
import type { StatsService } from './stats.service.ts';

const instituteAdmin = { staff: ['institute_admin'] } as const;
const errors = {
  400: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/** `bytes START-END/TOTAL` of a part upload. */
export function parseContentRange(header: string | undefined, length: number | undefined): ChunkRange {
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header ?? '');
  if (!m) throw new AppError('BAD_REQUEST', '缺少或错误的 Content-Range（bytes 起-止/总长）');
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (end < start || end >= total || total <= 0)
    throw new AppError('BAD_REQUEST', 'Content-Range 范围不正确');
  if (length !== undefined && length !== end - start + 1) {
    throw new AppError('BAD_REQUEST', 'Content-Length 与 Content-Range 不一致');
  }
  return { start, end, total };
}

/** The largest part the browser sends per request (its chunks are 8 MB). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

export const catalogueAdminRoutes =
  (deps: Deps, service: CatalogueAdminService, stats: StatsService): FastifyPluginAsyncZod =>
  async (app) => {
    // A part's body is handed over as the raw request stream, never buffered (this plugin's scope only).
    app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    app.get(
      '/api/institute/courses',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '本学院某年度的课程（含未发布、已下架）及课节',
          querystring: yearQuerySchema,
          response: { 200: z.array(adminCourseSchema), ...errors },
        },
      },
      (req) => service.list(staffOf(req), req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.post(
      '/api/institute/courses',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '新建课程（未发布）',
          body: courseInputSchema,
          response: { 201: adminCourseSchema, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.create(staffOf(req), req.body)),
    );

    app.patch(
      '/api/institute/courses/:id',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '修改课程（已有会员开始学习的课程不能更改类别或职业道德标记）',
          params: idParamsSchema,
          body: coursePatchSchema,
          response: { 200: adminCourseSchema, ...errors },
        },
      },
      (req) => service.update(staffOf(req), req.params.id, req.body),
    );

    for (const [action, status, summary] of [
      ['publish', 'published', '发布课程（每个课节都须已上传视频）'],
      ['retire', 'retired', '下架课程（会员已获得的学时不变）'],
    ] as const) {
      app.post(
        `/api/institute/courses/:id/${action}`,
        {
          config: { access: instituteAdmin },
          schema: {
            tags: ['institute'],
            summary,
            params: idParamsSchema,
            response: { 200: adminCourseSchema, ...errors },
          },
        },
        (req) => service.setStatus(staffOf(req), req.params.id, status),
      );
    }

    app.post(
      '/api/institute/courses/:id/lessons',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '新增课节（学时、名称；视频另行上传）',
          params: idParamsSchema,
          body: lessonInputSchema,
          response: { 201: adminCourseSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await service.addLesson(staffOf(req), req.params.id, req.body)),
    );

    app.patch(
      '/api/institute/lessons/:id',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '修改课节',
          params: idParamsSchema,
          body: lessonPatchSchema,
          response: { 200: adminCourseSchema, ...errors },
        },
      },
      (req) => service.updateLesson(staffOf(req), req.params.id, req.body),
    );

    app.delete(
      '/api/institute/lessons/:id',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '删除课节（已有会员开始学习的课程不可）',
          params: idParamsSchema,
          response: { 200: adminCourseSchema, ...errors },
        },
      },
      (req) => service.removeLesson(staffOf(req), req.params.id),
    );

    app.post(
      '/api/institute/courses/copy-year',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary:
            '把某年度的课程目录复制到新年度（复制为未发布课程；已复制的不重复；新年度尚无评价问卷时一并复制问卷）',
          body: copyYearSchema,
          response: { 200: copyYearResponseSchema, ...errors },
        },
      },
      (req) => service.copyYear(staffOf(req), req.body.fromYear, req.body.toYear),
    );

    app.get(
      '/api/institute/lessons/:id/video/upload',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '课节视频的上传进度（续传时从 receivedBytes 继续）',
          params: idParamsSchema,
          querystring: z.object({
            size: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          }),
          response: { 200: uploadStatusSchema, ...errors },
        },
      },
      (req) => service.uploadStatus(staffOf(req), req.params.id, req.query.size),
    );

    app.put(
      '/api/institute/lessons/:id/video',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary:
            '分段上传课节视频（application/octet-stream，Content-Range: bytes 起-止/总长，按顺序；最后一段完成后校验 MP4 并读取时长）',
          params: idParamsSchema,
          response: { 200: uploadStatusSchema, 413: errorBodySchema, 422: errorBodySchema, ...errors },
        },
      },
      async (req) => {
        if (!req.headers['content-type']?.startsWith('application/octet-stream')) {
          throw new AppError('BAD_REQUEST', '请以 application/octet-stream 上传视频分段');
        }
        const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
        const range = parseContentRange(req.headers['content-range'], length);
        if (range.end - range.start + 1 > MAX_PART_BYTES) throw new AppError('BAD_REQUEST', '单个分段过大');
        return service.uploadPart(
          staffOf(req),
          req.params.id,
          range,
          req.body as NodeJS.ReadableStream as never,
        );
      },
    );

    app.get(
      '/api/institute/questionnaire',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '本学院某年度的课后评价问卷（year 缺省为当前年度）',
          querystring: yearQuerySchema,
          response: { 200: questionnaireSchema, ...errors },
        },
      },
      (req) => service.questionnaire(staffOf(req), req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.put(
      '/api/institute/questionnaire',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary: '保存本学院某年度的课后评价问卷（单选题、文字题，可设必答；year 缺省为当前年度）',
          querystring: yearQuerySchema,
          body: questionnaireInputSchema,
          response: { 200: questionnaireSchema, ...errors },
        },
      },
      (req) =>
        service.saveQuestionnaire(
          staffOf(req),
          req.query.year ?? shanghaiYear(deps.clock.now()),
          req.body.questions,
        ),
    );

    app.get(
      '/api/institute/stats',
      {
        config: { access: instituteAdmin },
        schema: {
          tags: ['institute'],
          summary:
            '学员学习情况：各课程、课节的开始/完成/评价人数，评分分布，按地区和会员类型，每日完成数，评价留言（姓名脱敏）',
          querystring: yearQuerySchema,
          response: { 200: learnerStatsSchema, ...errors },
        },
      },
      (req) => stats.stats(staffOf(req), req.query.year ?? shanghaiYear(deps.clock.now())),
    );

    app.get(
      '/api/institute/stats/export',
      {
        config: { access: instituteAdmin },
        schema: { tags: ['institute'], summary: '导出学员学习情况（Excel）', querystring: yearQuerySchema },
      },
      async (req, reply) => {
        const staff = staffOf(req);
        const year = req.query.year ?? shanghaiYear(deps.clock.now());
        const output = new PassThrough();
        stats.exportXlsx(staff, year, output).catch((e) => output.destroy(e));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`学员学习情况-${year}.xlsx`)}`,
          )
          .send(output);
      },
    );
  };
