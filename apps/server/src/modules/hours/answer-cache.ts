/**
 * The serialized 学时查询 answers this process gave last, by session and year, each with the
 * fingerprint of the state it was computed from. Nothing here is trusted on its own: an answer is
 * reused only when the database, read in the same statement as the session, reports the same
 * fingerprint (hours.repository.ts), so a change made by any process is seen at once. Bounded: the
 * least recently used answer goes first.
 */
export interface CachedAnswer {
  memberId: number;
  fingerprint: string;
  body: string;
}

/** Enough for every member active at once on one process at the December peak (~3 KB each). */
export const ANSWER_CACHE_SIZE = 10_000;

export function answerCache(limit = ANSWER_CACHE_SIZE) {
  const answers = new Map<string, CachedAnswer>();
  return {
    get(key: string): CachedAnswer | undefined {
      const a = answers.get(key);
      if (a) {
        // a Map iterates in insertion order: re-inserting marks it as the most recently used
        answers.delete(key);
        answers.set(key, a);
      }
      return a;
    },
    /** Whether an answer is held, without counting as a use (the answer is taken with `get` later). */
    has(key: string) {
      return answers.has(key);
    },
    set(key: string, answer: CachedAnswer) {
      answers.delete(key);
      answers.set(key, answer);
      if (answers.size > limit) answers.delete(answers.keys().next().value as string);
    },
    get size() {
      return answers.size;
    },
  };
}
