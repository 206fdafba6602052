import { errorBodySchema, idParamsSchema, messageListSchema, unreadCountSchema } from '@cpe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf } from '../../http/access.ts';
import type { MessageService } from './message.service.ts';

/** The member's portal messages (decisions on claims and requests) and the header's unread count. */
export const messageRoutes =
  (messages: MessageService): FastifyPluginAsyncZod =>
  async (app) => {
    const member = { access: 'member' as const };
    app.get(
      '/api/messages',
      {
        config: member,
        schema: { tags: ['messages'], summary: '我的消息', response: { 200: messageListSchema } },
      },
      (req) => messages.list(memberOf(req).id),
    );
    app.get(
      '/api/messages/unread',
      {
        config: member,
        schema: { tags: ['messages'], summary: '未读消息数', response: { 200: unreadCountSchema } },
      },
      (req) => messages.unread(memberOf(req).id),
    );
    app.post(
      '/api/messages/:id/read',
      {
        config: member,
        schema: {
          tags: ['messages'],
          summary: '标为已读',
          params: idParamsSchema,
          response: { 200: unreadCountSchema, 404: errorBodySchema },
        },
      },
      (req) => messages.read(memberOf(req).id, req.params.id),
    );
    app.post(
      '/api/messages/read-all',
      {
        config: member,
        schema: { tags: ['messages'], summary: '全部标为已读', response: { 200: unreadCountSchema } },
      },
      (req) => messages.read(memberOf(req).id, null),
    );
  };
