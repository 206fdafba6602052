import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { captchaChallenges } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { captchaAnswer, captchaSvg } from './captcha-image.ts';

const TTL_MS = 5 * 60_000;
const digest = (id: string, answer: string) =>
  createHash('sha256').update(`${id}:${answer.trim().toUpperCase()}`).digest('hex');

/** Image captchas (AUTH-3): single use, five minutes, only a hash of the answer is stored. */
export function captchaService({ db, clock, config }: Deps) {
  return {
    enabled: config.CAPTCHA_ENABLED,

    async issue(): Promise<{ id: string; svg: string }> {
      const id = randomBytes(16).toString('base64url');
      const answer = captchaAnswer();
      const now = clock.now();
      await db.delete(captchaChallenges).where(lt(captchaChallenges.expiresAt, now));
      await db
        .insert(captchaChallenges)
        .values({ id, answerHash: digest(id, answer), expiresAt: new Date(now.getTime() + TTL_MS) });
      return { id, svg: captchaSvg(answer) };
    },

    /** Consumes the challenge whatever the answer, so one image allows one guess. */
    async check(id: string | undefined, answer: string): Promise<boolean> {
      if (!config.CAPTCHA_ENABLED) return true;
      if (!id || !answer) return false;
      const [row] = await db.delete(captchaChallenges).where(eq(captchaChallenges.id, id)).returning();
      return !!row && row.expiresAt > clock.now() && row.answerHash === digest(id, answer);
    },
  };
}
export type CaptchaService = ReturnType<typeof captchaService>;
