import type { MessageList } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { enqueueSms } from '../sms/sms-outbox.repository.ts';
import { insertMessage, listMessages, markRead, unreadCount } from './message.repository.ts';

/**
 * Tells a member about a decision: a portal message and a text message, both in the decision's
 * transaction (nothing is told about a decision that did not commit).
 */
export async function notifyMember(
  tx: Executor,
  member: { id: number; mobile: string },
  message: { title: string; body: string; link: string; purpose: string },
  now: Date,
): Promise<void> {
  await insertMessage(
    tx,
    { memberId: member.id, title: message.title, body: message.body, link: message.link },
    now,
  );
  await enqueueSms(
    tx,
    {
      phone: member.mobile,
      memberId: member.id,
      purpose: message.purpose,
      body: `【注协继续教育】${message.title}，详情请登录系统查看。`,
    },
    now,
  );
}

export type MessageService = ReturnType<typeof messageService>;

export function messageService({ db, clock }: Deps) {
  return {
    async list(memberId: number): Promise<MessageList> {
      const [messages, unread] = await Promise.all([listMessages(db, memberId), unreadCount(db, memberId)]);
      return { unread, messages };
    },
    unread: async (memberId: number) => ({ unread: await unreadCount(db, memberId) }),
    async read(memberId: number, id: number | null) {
      const n = await markRead(db, memberId, id, clock.now());
      if (id !== null && n === 0) {
        const { messages } = await this.list(memberId);
        if (!messages.some((m) => m.id === id)) throw notFound('消息');
      }
      return { unread: await unreadCount(db, memberId) };
    },
  };
}
