import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiDocsEnabled } from './config.ts';
import { describeError } from './db/errors.ts';
import type { Deps } from './deps.ts';
import { registerAccessControl } from './http/access.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerOriginCheck } from './http/origin.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { fastifyTrustProxy } from './http/trust-proxy.ts';
import { meService } from './modules/account/me.service.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { authService } from './modules/auth/auth.service.ts';
import { captchaService } from './modules/auth/captcha.service.ts';
import { catalogueAdminRoutes } from './modules/catalogue-admin/catalogue-admin.routes.ts';
import { catalogueAdminService } from './modules/catalogue-admin/catalogue-admin.service.ts';
import { statsService } from './modules/catalogue-admin/stats.service.ts';
import { certificateRoutes } from './modules/certificate/certificate.routes.ts';
import { certificateService } from './modules/certificate/certificate.service.ts';
import { claimRoutes } from './modules/claim/claim.routes.ts';
import { claimService } from './modules/claim/claim.service.ts';
import { courseRoutes } from './modules/course/course.routes.ts';
import { courseService } from './modules/course/course.service.ts';
import { evidenceService } from './modules/evidence/evidence.service.ts';
import { exemptionService } from './modules/exemption/exemption.service.ts';
import { exportRoutes } from './modules/export/export.routes.ts';
import { exportService } from './modules/export/export.service.ts';
import { feeRoutes } from './modules/fee/fee.routes.ts';
import { feeService } from './modules/fee/fee.service.ts';
import { hoursRoutes } from './modules/hours/hours.routes.ts';
import { hoursService } from './modules/hours/hours.service.ts';
import { instituteRoutes } from './modules/institute/institute.routes.ts';
import { instituteService } from './modules/institute/institute.service.ts';
import { integrationKeys } from './modules/integration/integration.keys.ts';
import { integrationRoutes } from './modules/integration/integration.routes.ts';
import { integrationService } from './modules/integration/integration.service.ts';
import { openLimiter } from './modules/limiter/open-limiter.ts';
import { memberImportRoutes } from './modules/member-import/member-import.routes.ts';
import { memberImportService } from './modules/member-import/member-import.service.ts';
import { memberImportJobs } from './modules/member-import/member-import-jobs.service.ts';
import { messageRoutes } from './modules/message/message.routes.ts';
import { messageService } from './modules/message/message.service.ts';
import { registerPayments } from './modules/payment/payment.module.ts';
import type { PaymentOptions } from './modules/payment/payment.service.ts';
import { planRoutes } from './modules/plan/plan.routes.ts';
import { planService } from './modules/plan/plan.service.ts';
import { recoveryRoutes } from './modules/recovery/recovery.routes.ts';
import { recoveryService } from './modules/recovery/recovery.service.ts';
import { reminderRoutes } from './modules/reminder/reminder.routes.ts';
import { reminderService } from './modules/reminder/reminder.service.ts';
import { reportRoutes } from './modules/report/report.routes.ts';
import { reportService } from './modules/report/report.service.ts';
import { reviewRoutes } from './modules/review/review.routes.ts';
import { reviewService } from './modules/review/review.service.ts';
import { rulesRoutes } from './modules/rules/rules.routes.ts';
import { rulesService } from './modules/rules/rules.service.ts';
import { smsDevRoutes } from './modules/sms/sms-dev.routes.ts';
import { sendSmsNow } from './modules/sms/sms-dispatch.ts';
import { studyRoutes } from './modules/study/study.routes.ts';
import { studyService } from './modules/study/study.service.ts';
import { videoRoutes } from './modules/study/video.routes.ts';
import { trainingRoutes } from './modules/training/training.routes.ts';
import { trainingService } from './modules/training/training.service.ts';
import { yearCloseRoutes } from './modules/year-close/year-close.routes.ts';
import { yearCloseService } from './modules/year-close/year-close.service.ts';
import { localStorage, storageDir } from './storage/local-storage.ts';

export interface AppOptions {
  /** Serve the built web app from this folder (SPA fallback to index.html). */
  staticDir?: string;
  logger?: boolean | object;
  /** test hooks of the payment service (forced order-number digits, a crash after a payment commit) */
  payment?: PaymentOptions;
}

/** Plugins first, then the modules. Tests build the same app and call it with inject(). */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withSafeErrors(opts.logger ?? false),
    // Off unless TRUST_PROXY names the proxies: otherwise any client could choose its address.
    trustProxy: fastifyTrustProxy(deps.config.TRUST_PROXY),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(cookie);
  registerSecurityHeaders(app);
  await app.register(rateLimit, { global: false });
  // Uploads (evidence, rosters, imports) are read per route with request.file({ limits }); these are
  // the ceilings when a route sets none. A lesson video is uploaded in chunks, not as multipart.
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 20, parts: 25 } });
  if (apiDocsEnabled(deps.config)) {
    await app.register(swagger, {
      openapi: {
        info: { title: 'cpe 注册会计师继续教育系统 API', version: '0.1.0' },
        components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cpe_session' } } },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  const captcha = captchaService(deps);
  const auth = authService(deps, captcha);
  const me = meService(deps);
  registerOriginCheck(app, deps.config.PUBLIC_ORIGIN);
  registerAccessControl(app, auth);
  const limiter = await openLimiter(deps);
  app.addHook('onClose', () => limiter.close());

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await deps.db.execute(sql`SELECT 1`);
      return { status: 'ok' as const, database: deps.database.kind };
    },
  );
  await app.register(
    authRoutes(auth, captcha, me, {
      production: deps.config.NODE_ENV === 'production',
      loginPerMinute: deps.config.LOGIN_RATE_LIMIT,
      limiter,
    }),
  );
  // 忘记密码 and the member's password and phone changes; the SMS outbox page in demo mode only.
  await app.register(
    recoveryRoutes(recoveryService(deps, auth, captcha, limiter, sendSmsNow(deps)), {
      limiter,
      startPerMinute: deps.config.RECOVERY_START_PER_IP_MINUTE,
    }),
  );
  if (deps.config.DEMO) await app.register(smsDevRoutes(deps));

  await app.register(rulesRoutes(rulesService(deps)));

  // Online learning: institute choice, catalogue, tracked video, evaluation, fee gate, 学时查询.
  const fees = feeService(deps, rulesService(deps));
  await app.register(instituteRoutes(instituteService(deps)));
  await app.register(courseRoutes(deps, courseService(deps)));
  const study = studyService(deps, fees);
  await app.register(studyRoutes(study));
  const storage = localStorage(storageDir(deps.config));
  await app.register(videoRoutes(study, storage));
  await app.register(feeRoutes(deps, fees));
  await app.register(hoursRoutes(deps, hoursService(deps, rulesService(deps))));
  await app.register(planRoutes(deps, planService(deps, rulesService(deps))));
  // Institute admins' course console; 培训通知 and 面授.
  await app.register(catalogueAdminRoutes(deps, catalogueAdminService(deps, storage), statsService(deps)));
  await app.register(trainingRoutes(trainingService(deps)));
  // Hour records pushed by an institute's own platform (signed, no session; posted by the daily sync),
  // and the institute admins' 对接密钥.
  await app.register(integrationRoutes(integrationService(deps), integrationKeys(deps)));

  // National oversight: compliance reports, year close and year-end reminders, exports, certificates and
  // their verification, audit view.
  const hours = hoursService(deps, rulesService(deps));
  const reports = reportService(deps, rulesService(deps), hours);
  await app.register(reportRoutes(deps, reports));
  await app.register(yearCloseRoutes(yearCloseService(deps, rulesService(deps), reports)));
  await app.register(reminderRoutes(reminderService(deps)));
  await app.register(exportRoutes(exportService(deps)));
  await app.register(certificateRoutes(certificateService(deps, hours)));
  await app.register(auditRoutes(deps));
  const memberImports = memberImportService(deps);
  await app.register(memberImportRoutes(memberImports, memberImportJobs(deps, memberImports)));
  // 交费: orders, gateway notifications, refunds, staff views; the sandbox gateway when configured.
  await registerPayments(app, deps, fees, opts.payment);

  // Output-hour claims, exemption requests, their review and the member's messages.
  const evidence = evidenceService(deps);
  const claimRules = rulesService(deps);
  await app.register(
    claimRoutes(
      deps,
      claimService(deps, claimRules, evidence),
      exemptionService(deps, claimRules, evidence),
      evidence,
    ),
  );
  await app.register(reviewRoutes(reviewService(deps)));
  await app.register(messageRoutes(messageService(deps)));

  registerWebApp(app, opts.staticDir);
  return app;
}

/** Every logged `err` goes through describeError: database failures never reach the log with their values. */
function withSafeErrors(logger: boolean | object): boolean | object {
  if (logger === false) return false;
  const options = logger === true ? {} : (logger as { serializers?: object });
  return { ...options, serializers: { ...options.serializers, err: describeError } };
}

/**
 * The web build is sent as compressed at build time (apps/web/vite.config.ts writes .br and .gz beside
 * each text file): brotli or gzip as the browser accepts, never compressed per request. Files under
 * assets/ carry a content hash in their name, so browsers keep them a year without asking again;
 * index.html (which names the current hashes) is revalidated on every visit.
 */
const webAssetCaching = {
  preCompressed: true,
  cacheControl: false,
  setHeaders(reply: FastifyReply, path: string) {
    const immutable = /[\\/]assets[\\/]/.test(path);
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  },
};

function registerWebApp(app: FastifyInstance, staticDir: string | undefined) {
  const root = staticDir ? resolve(staticDir) : undefined;
  const hasWeb = !!root && existsSync(resolve(root, 'index.html'));
  if (hasWeb) app.register(fastifyStatic, { root, wildcard: false, ...webAssetCaching });
  app.setNotFoundHandler((request, reply) => {
    const apiOrDocs = request.url.startsWith('/api') || /^\/docs(\/|\?|$)/.test(request.url);
    if (apiOrDocs || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '请求的地址不存在' });
    }
    return reply.sendFile('index.html');
  });
}
