import { smsOutboxEntrySchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { listOutbox } from './sms-dispatch.repository.ts';

/**
 * Demo mode only (DEMO=1, never in production): the SMS outbox, so a demo user can read the code the
 * development provider did not send. The app registers this plugin only with DEMO=1.
 */
export const smsDevRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/dev/sms-outbox',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: '演示模式：短信发件箱（最近 50 条）',
          response: { 200: z.array(smsOutboxEntrySchema) },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'no-store');
        const rows = await listOutbox(deps.db, 50);
        return rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          sentAt: r.sentAt?.toISOString() ?? null,
        }));
      },
    );
  };
