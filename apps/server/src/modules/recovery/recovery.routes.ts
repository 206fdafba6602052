import {
  changePasswordSchema,
  changePhoneConfirmSchema,
  changePhoneStartSchema,
  errorBodySchema,
  recoveryResetSchema,
  recoveryStartedSchema,
  recoveryStartSchema,
  smsSentSchema,
} from '@cpe/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { memberOf } from '../../http/access.ts';
import type { Limiter } from '../limiter/limiter.ts';
import type { RecoveryService } from './recovery.service.ts';

const CAPTCHA_COOKIE = 'cpe_captcha';
const recoveryParams = z.object({
  recoveryId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '找回请求编号无效'),
});
const errors = { 400: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema };

export interface RecoveryRouteOptions {
  limiter: Limiter;
  startPerMinute: number;
}

export const recoveryRoutes =
  (recovery: RecoveryService, opts: RecoveryRouteOptions): FastifyPluginAsyncZod =>
  async (app) => {
    /** Recovery starts per client address, across all processes; counted before the body is read. */
    const perAddress = async (req: FastifyRequest, reply: FastifyReply) => {
      const d = await opts.limiter.hit(`recovery:ip:${req.ip}`, {
        max: opts.startPerMinute,
        windowMs: 60_000,
      });
      if (d.allowed) return;
      reply.header('retry-after', String(d.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
    };

    app.post(
      '/api/auth/recovery/start',
      {
        config: { access: 'public' },
        onRequest: perAddress,
        schema: {
          tags: ['recovery'],
          summary: '忘记密码：输入用户类型、用户名和图片验证码，得到找回请求和脱敏的登记手机号',
          body: recoveryStartSchema,
          response: { 200: recoveryStartedSchema, ...errors },
        },
      },
      async (req, reply) => {
        const started = await recovery.start(req.body, {
          ip: req.ip,
          captchaId: req.cookies[CAPTCHA_COOKIE],
        });
        reply.clearCookie(CAPTCHA_COOKIE, { path: '/' });
        reply.header('cache-control', 'no-store');
        return started;
      },
    );

    app.post(
      '/api/auth/recovery/:recoveryId/sms',
      {
        config: { access: 'public' },
        schema: {
          tags: ['recovery'],
          summary: '忘记密码：向登记手机发送短信验证码（每个号码每分钟 1 条、每小时 5 条、每天 10 条）',
          params: recoveryParams,
          response: { 200: smsSentSchema, ...errors },
        },
      },
      async (req) => recovery.sendRecoveryCode(req.params.recoveryId, { ip: req.ip }),
    );

    app.post(
      '/api/auth/recovery/:recoveryId/reset',
      {
        config: { access: 'public' },
        schema: {
          tags: ['recovery'],
          summary: '忘记密码：输入短信验证码和新密码；成功后所有登录退出，需用新密码重新登录',
          params: recoveryParams,
          body: recoveryResetSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await recovery.reset(req.params.recoveryId, req.body, { ip: req.ip });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/password',
      {
        config: { access: 'member' },
        schema: {
          tags: ['recovery'],
          summary: '修改密码（需当前密码）；其他设备上的登录退出',
          body: changePasswordSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        const p = memberOf(req);
        await recovery.changePassword(p.id, req.principal!.sessionHash, req.body, { ip: req.ip });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/phone',
      {
        config: { access: 'member' },
        schema: {
          tags: ['recovery'],
          summary: '修改登记手机：验证当前密码后向新号码发送短信验证码',
          body: changePhoneStartSchema,
          response: { 200: recoveryStartedSchema, ...errors },
        },
      },
      async (req) => recovery.startPhoneChange(memberOf(req).id, req.body, { ip: req.ip }),
    );

    app.post(
      '/api/me/phone/confirm',
      {
        config: { access: 'member' },
        schema: {
          tags: ['recovery'],
          summary: '修改登记手机：输入新号码收到的短信验证码',
          body: changePhoneConfirmSchema,
          response: { 200: z.object({ maskedPhone: z.string() }), ...errors },
        },
      },
      async (req) => recovery.confirmPhoneChange(memberOf(req).id, req.body, { ip: req.ip }),
    );
  };
