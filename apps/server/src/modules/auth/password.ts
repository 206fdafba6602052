import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../../config.ts';

/** Algorithm.Argon2id; the package exports it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

export interface HashParams {
  memoryCost: number;
  timeCost: number;
}

export const hashParams = (config: Config): HashParams => ({
  memoryCost: config.ARGON2_MEMORY_KIB,
  timeCost: config.ARGON2_TIME_COST,
});

export const hashPassword = (password: string, p: HashParams) =>
  hash(password, { algorithm: ARGON2ID, memoryCost: p.memoryCost, timeCost: p.timeCost, parallelism: 1 });

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters than the configured ones (AUTH-1 re-hash). */
export function needsRehash(stored: string, p: HashParams): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return !m || Number(m[1]) !== p.memoryCost || Number(m[2]) !== p.timeCost || m[3] !== '1';
}

let dummy: Promise<string> | undefined;
/** A hash to verify against when the account does not exist, so both answers take about as long. */
export function dummyHash(p: HashParams): Promise<string> {
  dummy ??= hashPassword('cpe-no-such-account', p);
  return dummy;
}
