import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'cpe-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data folder lock', () => {
  it('refuses a second opener while the owner lives, with a clear message', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(join(dir, 'cpe.lock'), String(child.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('takes over a lock left by a dead process and releases it', () => {
    writeFileSync(join(dir, 'cpe.lock'), '999999');
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'cpe.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'cpe.lock'))).toBe(false);
  });
});
