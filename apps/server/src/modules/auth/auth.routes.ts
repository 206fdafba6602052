import { errorBodySchema, loginRequestSchema, meSchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../http/access.ts';
import type { MeService } from '../account/me.service.ts';
import type { AuthService } from './auth.service.ts';
import type { CaptchaService } from './captcha.service.ts';

const CAPTCHA_COOKIE = 'cpe_captcha';

export const authRoutes =
  (
    auth: AuthService,
    captcha: CaptchaService,
    me: MeService,
    opts: { secure: boolean; loginPerMinute: number },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    const cookie = { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure } as const;
    const rateLimit = { max: opts.loginPerMinute, timeWindow: '1 minute' };

    app.get(
      '/api/auth/captcha',
      {
        config: { access: 'public', rateLimit: { ...rateLimit, max: rateLimit.max * 2 } },
        schema: {
          tags: ['auth'],
          summary: '获取登录验证码图片',
          response: { 200: z.object({ enabled: z.boolean(), image: z.string().nullable() }) },
        },
      },
      async (_req, reply) => {
        if (!captcha.enabled) return { enabled: false, image: null };
        const { id, svg } = await captcha.issue();
        reply.setCookie(CAPTCHA_COOKIE, id, { ...cookie, maxAge: 300 });
        reply.header('cache-control', 'no-store');
        return { enabled: true, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
      },
    );

    app.post(
      '/api/auth/login',
      {
        config: { access: 'public', rateLimit },
        schema: {
          tags: ['auth'],
          summary: '登录（会员或管理人员）',
          body: loginRequestSchema,
          response: { 200: meSchema, 400: errorBodySchema, 401: errorBodySchema, 423: errorBodySchema },
        },
      },
      async (req, reply) => {
        const session = await auth.login(req.body, req.cookies[CAPTCHA_COOKIE], req.ip);
        reply.clearCookie(CAPTCHA_COOKIE, { path: '/' });
        reply.setCookie(SESSION_COOKIE, session.token, cookie);
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
        config: { access: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: '当前登录用户',
          response: { 200: meSchema, 401: errorBodySchema },
        },
      },
      async (req) => {
        const p = req.principal!;
        return me.describe(p.kind, p.id);
      },
    );
  };
