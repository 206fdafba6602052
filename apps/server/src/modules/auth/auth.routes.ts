import { errorBodySchema, loginRequestSchema, meSchema } from '@cpe/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { SESSION_COOKIE } from '../../http/access.ts';
import type { MeService, SessionMe } from '../account/me.service.ts';
import type { Limiter } from '../limiter/limiter.ts';
import type { AuthService } from './auth.service.ts';
import type { CaptchaService } from './captcha.service.ts';

const CAPTCHA_COOKIE = 'cpe_captcha';

export interface AuthRouteOptions {
  production: boolean;
  loginPerMinute: number;
  limiter: Limiter;
}

export const authRoutes =
  (
    auth: AuthService,
    captcha: CaptchaService,
    me: MeService,
    opts: AuthRouteOptions,
  ): FastifyPluginAsyncZod =>
  async (app) => {
    // Secure whenever the browser reached us over HTTPS (directly or through a trusted proxy), always in
    // production.
    const cookie = (req: FastifyRequest) =>
      ({
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.production || req.protocol === 'https',
      }) as const;

    /** Per client address, across all processes; runs before the body is read, so every request counts. */
    const perAddress = (bucket: string, max: number) => async (req: FastifyRequest, reply: FastifyReply) => {
      const decision = await opts.limiter.hit(`${bucket}:ip:${req.ip}`, { max, windowMs: 60_000 });
      if (decision.allowed) return;
      reply.header('retry-after', String(decision.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
    };

    app.get(
      '/api/auth/captcha',
      {
        config: { access: 'public' },
        onRequest: perAddress('captcha', opts.loginPerMinute * 2),
        schema: {
          tags: ['auth'],
          summary: '获取登录验证码图片（PNG）',
          description:
            '`enabled` 表示登录是否总需验证码；`required=true` 时即使未启用也给出图片（登录失败次数较多时需要）。',
          querystring: z.object({ required: z.enum(['true', 'false']).optional() }),
          response: {
            200: z.object({ enabled: z.boolean(), image: z.string().nullable() }),
            429: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        if (!captcha.enabled && req.query.required !== 'true') return { enabled: false, image: null };
        const { id, png } = await captcha.issue();
        reply.setCookie(CAPTCHA_COOKIE, id, { ...cookie(req), maxAge: 300 });
        return { enabled: captcha.enabled, image: `data:image/png;base64,${png.toString('base64')}` };
      },
    );

    app.post(
      '/api/auth/login',
      {
        config: { access: 'public' },
        onRequest: perAddress('login', opts.loginPerMinute),
        schema: {
          tags: ['auth'],
          summary: '登录（会员或管理人员）',
          body: loginRequestSchema,
          response: {
            200: meSchema,
            400: errorBodySchema,
            401: errorBodySchema,
            423: errorBodySchema,
            429: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const session = await auth.login(req.body, {
          captchaId: req.cookies[CAPTCHA_COOKIE],
          ip: req.ip,
          previousToken: req.cookies[SESSION_COOKIE],
        });
        reply.clearCookie(CAPTCHA_COOKIE, { path: '/' });
        reply.setCookie(SESSION_COOKIE, session.token, cookie(req));
        return me.describe(session.subjectType, session.id);
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'authenticated' },
        schema: { tags: ['auth'], summary: '退出登录', response: { 204: z.null() } },
      },
      async (req, reply) => {
        if (req.principal) await auth.logout(req.principal, req.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        config: {
          access: 'authenticated',
          // the session and the account's profile in one read (every page of the portal asks for it)
          sessionWith: (hash) => me.readWithSession(hash),
        },
        schema: {
          tags: ['auth'],
          summary: '当前登录用户',
          response: { 200: meSchema, 401: errorBodySchema },
        },
      },
      async (req) => {
        const p = req.principal!;
        return me.describe(p.kind, p.id, req.sessionData as SessionMe | undefined);
      },
    );

    app.post(
      '/api/admin/staff/:username/unlock',
      {
        config: { access: { staff: ['system_admin'] } },
        schema: {
          tags: ['auth'],
          summary: '解除管理人员账户锁定（系统管理员）',
          params: z.object({ username: z.string().trim().min(1).max(64) }),
          response: { 204: z.null(), 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const p = req.principal!;
        const unlocked = await auth.unlockStaff(req.params.username, { id: p.id, name: p.name, ip: req.ip });
        if (!unlocked) throw new AppError('NOT_FOUND', '该用户名未被锁定');
        return reply.status(204).send(null);
      },
    );
  };
