import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import {
  lockDueSms,
  markSmsAttemptFailed,
  markSmsSent,
  withdrawOptedOutReminders,
} from './sms-dispatch.repository.ts';
import { type SmsProvider, smsProvider } from './sms-provider.ts';

export const REDACTED_BODY = '（短信已发送，内容已隐去）';
const BATCH = 50;
const FIRST_RETRY_MS = 60_000;

/** Wait before attempt `attempts + 1`: one minute, then doubling, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), 3600_000);

/**
 * Sends the due messages of the outbox, each in its own transaction holding its row lock: a message is
 * sent by one process only, and a crash between sending and marking leaves it queued (sent again later:
 * at least once). Outside demo mode a sent message's text is redacted. Reminders to members who opted
 * out after they were queued are withdrawn first.
 */
export async function dispatchSms(deps: Deps, provider: SmsProvider) {
  const { db, clock, config } = deps;
  const withdrawn = await withdrawOptedOutReminders(db);
  let sent = 0;
  let failed = 0;
  let retried = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const due = await lockDueSms(tx, clock.now(), 1);
      const message = due[0];
      if (!message) return true;
      try {
        const providerId = await provider.send(message);
        await markSmsSent(tx, message.id, providerId, clock.now(), config.DEMO ? null : REDACTED_BODY);
        sent++;
      } catch (e) {
        const attempts = message.attempts + 1;
        const retryAt =
          attempts >= config.SMS_MAX_ATTEMPTS
            ? null
            : new Date(clock.now().getTime() + retryDelayMs(attempts));
        await markSmsAttemptFailed(tx, message.id, e instanceof Error ? e.message : String(e), retryAt);
        if (retryAt) retried++;
        else failed++;
      }
      return false;
    });
    if (done || sent + failed + retried >= BATCH) break;
  }
  return { sent, retried, failed, withdrawn, provider: provider.name };
}

export const smsDispatchJob: JobDefinition = {
  name: 'sms-dispatch',
  schedule: '* * * * *',
  description: 'send the queued text messages of the SMS outbox through the configured provider',
  run: (deps: Deps) => dispatchSms(deps, smsProvider(deps.config)),
};

/**
 * Starts a dispatch in this process now, so a code does not wait for the next minute's job; the job
 * still sends whatever this misses. Calls during a run make one more run afterwards. Failures stay in
 * the outbox row (last_error); nothing about the message is logged.
 */
export function smsKicker(deps: Deps, provider: SmsProvider = smsProvider(deps.config)) {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      await dispatchSms(deps, provider).catch(() => deps.log?.warn('sms dispatch failed; the job retries'));
    } while (again);
    running = null;
  };
  return {
    kick() {
      if (running) again = true;
      else running = run();
      return running;
    },
  };
}

/** With jobs enabled, a queued code starts a dispatch at once; without, the outbox waits for the job. */
export function sendSmsNow(deps: Deps): () => void {
  if (!deps.config.JOBS_ENABLED) return () => {};
  const kicker = smsKicker(deps);
  return () => void kicker.kick();
}
