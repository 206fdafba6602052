import {
  approveClaimRequestSchema,
  approveExemptionRequestSchema,
  errorBodySchema,
  idParamsSchema,
  reviewClaimListSchema,
  reviewClaimSchema,
  reviewCommentRequestSchema,
  reviewExemptionListSchema,
  reviewExemptionSchema,
  reviewQuerySchema,
} from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffOf } from '../../http/access.ts';
import type { ReviewService } from './review.service.ts';

const refusals = {
  400: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
};
const reviewer = { access: { staff: ['provincial_reviewer'] as const } };

/** The provincial review workbench: the province's submitted claims and requests, and the decisions. */
export const reviewRoutes =
  (review: ReviewService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/review/claims',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '本省产出学时申报（默认待审核），含各状态数量',
          querystring: reviewQuerySchema,
          response: { 200: reviewClaimListSchema, ...refusals },
        },
      },
      (req) => review.claims(staffOf(req), req.query),
    );
    app.get(
      '/api/review/claims/:id',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '一项申报及规则计算的学时',
          params: idParamsSchema,
          response: { 200: reviewClaimSchema, ...refusals },
        },
      },
      (req) => review.claim(staffOf(req), req.params.id),
    );
    app.post(
      '/api/review/claims/:id/approve',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '通过并核定学时（默认按规则计算；超出折算或上限的拒绝）',
          params: idParamsSchema,
          body: approveClaimRequestSchema,
          response: { 200: reviewClaimSchema, ...refusals },
        },
      },
      (req) => review.approve(staffOf(req), req.params.id, req.body, req.ip),
    );
    for (const action of ['reject', 'return'] as const) {
      app.post(
        `/api/review/claims/:id/${action}`,
        {
          config: reviewer,
          schema: {
            tags: ['review'],
            summary: action === 'reject' ? '不通过（须填写意见）' : '退回补充材料（须填写意见）',
            params: idParamsSchema,
            body: reviewCommentRequestSchema,
            response: { 200: reviewClaimSchema, ...refusals },
          },
        },
        (req) => review.decide(staffOf(req), req.params.id, action, req.body.comment, req.ip),
      );
    }
    app.post(
      '/api/review/claims/:id/reverse',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '撤销已通过的申报（证明材料不实），以冲销分录扣回学时',
          params: idParamsSchema,
          body: reviewCommentRequestSchema,
          response: { 200: reviewClaimSchema, ...refusals },
        },
      },
      (req) => review.reverse(staffOf(req), req.params.id, req.body.comment, req.ip),
    );

    app.get(
      '/api/review/exemptions',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '本省豁免（减免）学时申请（默认待审核）',
          querystring: reviewQuerySchema,
          response: { 200: reviewExemptionListSchema, ...refusals },
        },
      },
      (req) => review.exemptions(staffOf(req), req.query),
    );
    app.get(
      '/api/review/exemptions/:id',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '一项豁免（减免）申请',
          params: idParamsSchema,
          response: { 200: reviewExemptionSchema, ...refusals },
        },
      },
      (req) => review.exemption(staffOf(req), req.params.id),
    );
    app.post(
      '/api/review/exemptions/:id/approve',
      {
        config: reviewer,
        schema: {
          tags: ['review'],
          summary: '通过豁免（减免）申请',
          params: idParamsSchema,
          body: approveExemptionRequestSchema,
          response: { 200: reviewExemptionSchema, ...refusals },
        },
      },
      (req) => review.decideExemption(staffOf(req), req.params.id, 'approve', req.body.comment, req.ip),
    );
    for (const action of ['reject', 'return'] as const) {
      app.post(
        `/api/review/exemptions/:id/${action}`,
        {
          config: reviewer,
          schema: {
            tags: ['review'],
            summary: action === 'reject' ? '不通过' : '退回补充材料',
            params: idParamsSchema,
            body: reviewCommentRequestSchema,
            response: { 200: reviewExemptionSchema, ...refusals },
          },
        },
        (req) => review.decideExemption(staffOf(req), req.params.id, action, req.body.comment, req.ip),
      );
    }
  };
