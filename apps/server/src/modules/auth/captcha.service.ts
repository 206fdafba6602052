import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { insertChallenge, takeChallenge } from './captcha.repository.ts';
import { captchaAnswer, captchaPng } from './captcha-image.ts';

const TTL_MS = 5 * 60_000;

export const captchaDigest = (id: string, answer: string) =>
  createHash('sha256').update(`${id}:${answer.trim().toUpperCase()}`).digest('hex');

/**
 * Image captchas (AUTH-3): a PNG drawn on the server, single use, five minutes, only a hash of the answer
 * is stored. With CAPTCHA_ENABLED=false a login needs one only when its user name is slowed.
 */
export function captchaService({ db, clock, config }: Deps) {
  return {
    enabled: config.CAPTCHA_ENABLED,
    async issue(): Promise<{ id: string; png: Buffer }> {
      const id = randomBytes(16).toString('base64url');
      const answer = captchaAnswer();
      const now = clock.now();
      await insertChallenge(
        db,
        { id, answerHash: captchaDigest(id, answer), expiresAt: new Date(now.getTime() + TTL_MS) },
        now,
      );
      return { id, png: captchaPng(answer) };
    },
    /** Consumes the challenge whatever the answer, so one image allows one guess. */
    async check(id: string | undefined, answer: string): Promise<boolean> {
      if (!id || !answer) return false;
      const row = await takeChallenge(db, id);
      return !!row && row.expiresAt > clock.now() && row.answerHash === captchaDigest(id, answer);
    },
  };
}
export type CaptchaService = ReturnType<typeof captchaService>;
