import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

const LOCK = 'cpe.lock';
const GENERATION = /^cpe\.lock(?:\.(\d+))?$/;
const ATTEMPTS = 100;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const fileOf = (dir: string, generation: number) =>
  join(dir, generation === 0 ? LOCK : `${LOCK}.${generation}`);

/** The lock generations present, highest first (`cpe.lock` without a number is 0). */
function generations(dir: string): number[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const m = GENERATION.exec(name);
      return m ? [Number(m[1] ?? 0)] : [];
    })
    .sort((a, b) => b - a);
}

/** The pid in a lock file; undefined when the file is gone (released meanwhile). */
function ownerOf(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Creates `target` holding our pid, atomically and only if it does not exist (a hard link of a full file). */
function createExclusive(dir: string, target: string): boolean {
  const draft = join(dir, `.${LOCK}-${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(draft, String(process.pid));
  try {
    linkSync(draft, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * PGlite does nothing to stop two processes opening one folder (which corrupts it), so the folder gets a
 * lock. The lock is a numbered generation file holding the owner's pid: the highest generation is the
 * lock. A live owner keeps everyone else out; a lock left by a dead process is taken over by creating
 * the next generation, which only one starter can create (create-exclusive). Nothing is deleted while
 * starters compete, so no starter can remove another's fresh lock; a starter that created a generation
 * from an outdated listing sees a higher one when it checks again and steps back.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const top = generations(dir)[0];
    if (top !== undefined) {
      const owner = ownerOf(fileOf(dir, top));
      if (owner === undefined) continue;
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new DataDirLockedError(
          `The data folder ${dir} is in use by process ${owner}; stop it first or set DATA_DIR to another folder.`,
        );
      }
    }
    const mine = (top ?? 0) + 1;
    const file = fileOf(dir, mine);
    if (!createExclusive(dir, file)) continue;
    const present = generations(dir);
    if ((present[0] ?? mine) > mine) {
      rmSync(file, { force: true });
      continue;
    }
    for (const older of present.filter((g) => g < mine)) rmSync(fileOf(dir, older), { force: true });
    return () => rmSync(file, { force: true });
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dir}; try again.`);
}
