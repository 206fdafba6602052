import {
  catalogueResponseSchema,
  claimListSchema,
  claimRequestSchema,
  claimSchema,
  errorBodySchema,
  evidenceFileSchema,
  exemptionListSchema,
  exemptionRequestSchema,
  exemptionSchema,
  idParamsSchema,
  yearQuerySchema,
} from '@cpe/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { memberOf } from '../../http/access.ts';
import type { EvidenceService, Upload } from '../evidence/evidence.service.ts';
import type { ExemptionService } from '../exemption/exemption.service.ts';
import type { ClaimService } from './claim.service.ts';

const refusals = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const uploadRefusals = { ...refusals, 413: errorBodySchema, 415: errorBodySchema };
const created = z.object({ id: z.number().int() });
const fileParams = z.object({ id: idParamsSchema.shape.id, fileId: idParamsSchema.shape.id });

/** The multipart field `file`, with the evidence size limit enforced while it streams. */
async function fileOf(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', '请以 multipart/form-data 上传文件（字段 file）');
  // One byte over the limit reaches the store, which refuses it (a truncated stream would pass as whole).
  const part = await req.file({ limits: { fileSize: maxBytes + 1, files: 1 } });
  if (part?.fieldname !== 'file') throw new AppError('BAD_REQUEST', '请在字段 file 中上传文件');
  return { filename: part.filename, file: part.file };
}

/** The member's side: 产出法形式学时 / 产出式学时 claims and 豁免 / 减免学时 requests, with evidence. */
export const claimRoutes =
  (
    deps: Deps,
    claims: ClaimService,
    exemptions: ExemptionService,
    evidence: EvidenceService,
  ): FastifyPluginAsyncZod =>
  async (app) => {
    const year = (y: number | undefined) => y ?? shanghaiYear(deps.clock.now());
    const member = { access: 'member' as const };

    app.get(
      '/api/catalogue',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '产出项目目录（本人会员类型可申报的项目及其明细字段）、豁免事由和年度规则，供表单与预估',
          querystring: yearQuerySchema,
          response: { 200: catalogueResponseSchema, ...refusals },
        },
      },
      (req) => claims.catalogue(memberOf(req), year(req.query.year)),
    );

    app.get(
      '/api/claims',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '本人某年度的产出学时申报及已计入的产出学时',
          querystring: yearQuerySchema,
          response: { 200: claimListSchema, ...refusals },
        },
      },
      (req) => claims.list(memberOf(req), year(req.query.year)),
    );

    app.get(
      '/api/claims/:id',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '一项申报',
          params: idParamsSchema,
          response: { 200: claimSchema, ...refusals },
        },
      },
      (req) => claims.get(memberOf(req), req.params.id),
    );

    app.post(
      '/api/claims',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '新增申报草稿（明细按项目声明的字段校验）',
          body: claimRequestSchema,
          response: { 201: created, ...refusals },
        },
      },
      async (req, reply) => reply.status(201).send(await claims.create(memberOf(req), req.body)),
    );

    app.post(
      '/api/claims/:id',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '修改草稿或被退回的申报',
          params: idParamsSchema,
          body: claimRequestSchema,
          response: { 200: claimSchema, ...refusals },
        },
      },
      (req) => claims.update(memberOf(req), req.params.id, req.body),
    );

    app.post(
      '/api/claims/:id/evidence',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '上传证明材料（multipart 字段 file；PDF/JPG/PNG，按内容识别）',
          params: idParamsSchema,
          response: { 201: evidenceFileSchema, ...uploadRefusals },
        },
      },
      async (req, reply) => {
        const m = memberOf(req);
        const upload = await fileOf(req, evidence.maxBytes);
        return reply.status(201).send(await claims.addEvidence(m, req.params.id, upload));
      },
    );

    app.delete(
      '/api/claims/:id/evidence/:fileId',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '删除草稿的证明材料',
          params: fileParams,
          response: { 204: z.null(), ...refusals },
        },
      },
      async (req, reply) => {
        await claims.removeEvidence(memberOf(req), req.params.id, req.params.fileId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/claims/:id/submit',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '提交审核（被退回的申报补充材料后再次提交）',
          params: idParamsSchema,
          response: { 200: claimSchema, ...refusals },
        },
      },
      (req) => claims.submit(memberOf(req), req.params.id, req.ip),
    );

    app.post(
      '/api/claims/:id/withdraw',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '撤回尚未审核的申报',
          params: idParamsSchema,
          response: { 200: claimSchema, ...refusals },
        },
      },
      (req) => claims.withdraw(memberOf(req), req.params.id, req.ip),
    );

    // ---- 豁免 / 减免学时 ----

    app.get(
      '/api/exemptions',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '本人某年度的豁免（减免）学时申请',
          querystring: yearQuerySchema,
          response: { 200: exemptionListSchema, ...refusals },
        },
      },
      (req) => exemptions.list(memberOf(req), year(req.query.year)),
    );

    app.get(
      '/api/exemptions/:id',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '一项豁免（减免）申请',
          params: idParamsSchema,
          response: { 200: exemptionSchema, ...refusals },
        },
      },
      (req) => exemptions.get(memberOf(req), req.params.id),
    );

    app.post(
      '/api/exemptions',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '新增豁免（减免）申请草稿',
          body: exemptionRequestSchema,
          response: { 201: created, ...refusals },
        },
      },
      async (req, reply) => reply.status(201).send(await exemptions.create(memberOf(req), req.body)),
    );

    app.post(
      '/api/exemptions/:id/evidence',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '上传证明材料（multipart 字段 file）',
          params: idParamsSchema,
          response: { 201: evidenceFileSchema, ...uploadRefusals },
        },
      },
      async (req, reply) => {
        const m = memberOf(req);
        const upload = await fileOf(req, evidence.maxBytes);
        return reply.status(201).send(await exemptions.addEvidence(m, req.params.id, upload));
      },
    );

    app.post(
      '/api/exemptions/:id/submit',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '提交审核',
          params: idParamsSchema,
          response: { 200: exemptionSchema, ...refusals },
        },
      },
      (req) => exemptions.submit(memberOf(req), req.params.id, req.ip),
    );

    app.post(
      '/api/exemptions/:id/withdraw',
      {
        config: member,
        schema: {
          tags: ['claims'],
          summary: '撤回尚未审核的申请',
          params: idParamsSchema,
          response: { 200: exemptionSchema, ...refusals },
        },
      },
      (req) => exemptions.withdraw(memberOf(req), req.params.id, req.ip),
    );

    // ---- Evidence files (member owner or reviewer of the member's province) ----

    app.get(
      '/api/evidence/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['claims'],
          summary: '下载证明材料（?inline=1 在页面中查看）',
          params: idParamsSchema,
          querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
          response: { 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const { file, stream } = await evidence.open(req.principal!, req.params.id);
        const inline = req.query.inline === '1';
        // Shown inside the workbench's viewer (a PDF, JPEG or PNG by content); otherwise a sandboxed download.
        if (!inline) reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
        return reply
          .header('Content-Type', file.contentType)
          .header('Content-Length', String(file.sizeBytes))
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'private, no-store')
          .header(
            'Content-Security-Policy',
            "default-src 'none'; img-src 'self'; plugin-types application/pdf; sandbox",
          )
          .header(
            'Content-Disposition',
            `${inline ? 'inline' : 'attachment'}; filename="evidence-${file.id}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          )
          .send(stream as never);
      },
    );
  };
