import { eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { captchaChallenges } from '../../db/schema/index.ts';

export interface Challenge {
  id: string;
  answerHash: string;
  expiresAt: Date;
}

export async function insertChallenge(db: Executor, challenge: Challenge, now: Date) {
  await db.delete(captchaChallenges).where(lt(captchaChallenges.expiresAt, now));
  await db.insert(captchaChallenges).values(challenge);
}

/** Removes the challenge and returns it: one image allows one guess. */
export async function takeChallenge(db: Executor, id: string): Promise<Challenge | null> {
  const [row] = await db.delete(captchaChallenges).where(eq(captchaChallenges.id, id)).returning();
  return row ?? null;
}
