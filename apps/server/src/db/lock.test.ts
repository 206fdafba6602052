import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'cpe-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited: what a crashed server leaves in its lock file. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

const lockFiles = (folder: string) => readdirSync(folder).filter((f) => f.startsWith('cpe.lock'));

describe('data folder lock', () => {
  it('refuses a second opener while the owner lives, with a clear message', async () => {
    const folder = mkdtempSync(join(dir, 'live-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(join(folder, 'cpe.lock'), String(child.pid));
      expect(() => lockDataDir(folder)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(folder)).toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('takes over a lock left by a dead process and releases it', async () => {
    const folder = mkdtempSync(join(dir, 'stale-'));
    writeFileSync(join(folder, 'cpe.lock'), String(await deadPid()));
    const release = lockDataDir(folder);
    const held = lockFiles(folder);
    expect(held).toHaveLength(1);
    expect(readFileSync(join(folder, held[0]!), 'utf8')).toBe(String(process.pid));
    release();
    expect(lockFiles(folder)).toEqual([]);
  });

  it('takes over after the highest generation only, and clears the dead ones', async () => {
    const folder = mkdtempSync(join(dir, 'generations-'));
    const dead = String(await deadPid());
    for (const name of ['cpe.lock', 'cpe.lock.2', 'cpe.lock.7']) writeFileSync(join(folder, name), dead);
    const release = lockDataDir(folder);
    expect(lockFiles(folder)).toEqual(['cpe.lock.8']);
    release();
    expect(lockFiles(folder)).toEqual([]);
  });

  it('refuses while a live process holds a numbered generation', async () => {
    const folder = mkdtempSync(join(dir, 'live-generation-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(join(folder, 'cpe.lock.1'), String(await deadPid()));
      writeFileSync(join(folder, 'cpe.lock.4'), String(child.pid));
      expect(() => lockDataDir(folder)).toThrow(new RegExp(`in use by process ${child.pid}`));
      expect(lockFiles(folder).sort()).toEqual(['cpe.lock.1', 'cpe.lock.4']);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

/**
 * Starter processes that each load the lock module once, then on every message try to lock the folder
 * they are given at the same instant (a busy wait to a shared start time) and say whether they got it.
 * A winner keeps its lock (and stays alive) until the end, as a running server would.
 */
function starters(count: number): { children: ChildProcess[]; stop: () => Promise<void> } {
  const module = fileURLToPath(new URL('./lock.ts', import.meta.url));
  const code = `
    import(${JSON.stringify(module)}).then(({ lockDataDir, DataDirLockedError }) => {
      process.on('message', ({ folder, at }) => {
        while (Date.now() < at) {}
        try {
          lockDataDir(folder);
          process.send({ won: true });
        } catch (e) {
          process.send(e instanceof DataDirLockedError ? { won: false } : { error: String(e) });
        }
      });
      process.send({ ready: true });
    });`;
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', '-e', code], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  return {
    children,
    stop: async () => {
      await Promise.all(
        children.map((c) => {
          const exited = new Promise((r) => c.once('exit', r));
          c.kill('SIGKILL');
          return exited;
        }),
      );
    },
  };
}

const nextMessage = (child: ChildProcess) =>
  new Promise<{ won?: boolean; ready?: boolean; error?: string }>((resolve) =>
    child.once('message', resolve),
  );

describe('data folder lock under a race', () => {
  it('gives a stale lock to exactly one of many simultaneous starters, 25 times in a row', async () => {
    const { children, stop } = starters(8);
    try {
      await Promise.all(children.map(nextMessage));
      const stale = await deadPid();
      const winners: number[] = [];
      for (let trial = 0; trial < 25; trial++) {
        const folder = join(dir, `race-${trial}`);
        mkdirSync(folder);
        writeFileSync(join(folder, 'cpe.lock'), String(stale));
        const answers = children.map(nextMessage);
        const at = Date.now() + 150;
        for (const c of children) c.send({ folder, at });
        const results = await Promise.all(answers);
        expect(results.filter((r) => r.error)).toEqual([]);
        winners.push(results.filter((r) => r.won).length);
      }
      expect(winners).toEqual(Array(25).fill(1));
    } finally {
      await stop();
    }
  }, 120_000);
});
