import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchesExpect } from '@cpe/rules';
import { describe, expect, it } from 'vitest';
import { evaluateFile } from './rules.ts';

const scenarios = new URL('../../../../packages/rules/scenarios/', import.meta.url);
const cli = new URL('../../bin/cpe.js', import.meta.url).pathname;
const files = readdirSync(scenarios).filter((f) => f.endsWith('.json'));

describe('cpe rules evaluate', () => {
  it.each(files)('answers the rule scenario %s exactly', (file) => {
    const path = join(scenarios.pathname, file);
    const { code, out } = evaluateFile(path);
    expect(code).toBe(0);
    const expected = JSON.parse(readFileSync(path, 'utf8')).expect;
    expect(matchesExpect(JSON.parse(out), expected)).toEqual([]);
  });

  it('prints the decision as JSON from the real command', () => {
    const out = execFileSync(
      process.execPath,
      [cli, 'rules', 'evaluate', join(scenarios.pathname, files[0]!)],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({ requirement: expect.any(Object), reasons: expect.any(Array) });
  });

  it.each([
    ['an unknown item', { claims: [{ item: '18-99', units: 1 }] }, /18-99/],
    ['an item of the other member type', { claims: [{ item: '9-4', units: 1 }] }, /9-4/],
    ['negative units', { claims: [{ item: '18-9b', units: -1 }] }, /units/],
    ['a missing field', { member: undefined }, /member/],
  ])('exits non-zero with one line for %s', (_name, patch, pattern) => {
    const base = {
      year: 2024,
      member: { type: 'practicing', registeredOn: '2012-03-01' },
      online: [],
      faceToFace: [],
      claims: [],
      exemptions: [],
    };
    const file = join(tmpdir(), `cpe-bad-${process.pid}-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify({ ...base, ...patch }));
    const r = spawnSync(process.execPath, [cli, 'rules', 'evaluate', file], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });
});

describe('cpe rules show', () => {
  it('prints the rule set in use with the figures to confirm', () => {
    const dataDir = join(tmpdir(), `cpe-show-${process.pid}`);
    const out = execFileSync(
      process.execPath,
      [cli, 'rules', 'show', '--year', '2024', '--type', 'practicing'],
      {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      },
    );
    rmSync(dataDir, { recursive: true, force: true });
    const shown = JSON.parse(out);
    expect(shown.version).toBeGreaterThanOrEqual(1);
    expect(shown.ruleSet).toMatchObject({ year: 2024, memberType: 'practicing', minimumTotal: 4000 });
    expect(shown.catalogue.every((c: { code: string }) => c.code.startsWith('18-'))).toBe(true);
    expect(shown.uncertain.length).toBeGreaterThan(0);
  }, 120_000);
});
