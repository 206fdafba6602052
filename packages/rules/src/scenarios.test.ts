import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateScenario, matchesExpect, parseScenario } from './scenario.ts';

// The public rule scenarios, kept in the repository: packages/rules/scenarios.
const folder = new URL('../scenarios/', import.meta.url);
const files = readdirSync(fileURLToPath(folder)).filter((f) => f.endsWith('.json'));

describe('rule scenarios', () => {
  it('finds the scenario folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s', (file) => {
    const json: unknown = JSON.parse(readFileSync(new URL(file, folder), 'utf8'));
    const scenario = parseScenario(json);
    const decision = evaluateScenario(json);
    expect(matchesExpect(decision, scenario.expect)).toEqual([]);
    expect(decision.reasons.length).toBeGreaterThan(0);
  });
});

describe('matchesExpect', () => {
  const decision = { a: 1, b: { c: 2, d: [1, 2] }, e: true };

  it('ignores fields the expectation leaves out', () => {
    expect(matchesExpect(decision, { b: { c: 2 } })).toEqual([]);
  });

  it('lists every mismatch with its path', () => {
    expect(matchesExpect(decision, { a: 2, b: { c: 2, d: [1, 3] }, e: false, f: 1 })).toEqual([
      'a: expected 2, got 1',
      'b.d[1]: expected 3, got 2',
      'e: expected false, got true',
      'f: expected 1, got undefined',
    ]);
  });

  it('compares array lengths and shapes', () => {
    expect(matchesExpect(decision, { b: { d: [1] } })).toEqual(['b.d: expected 1 elements, got 2']);
    expect(matchesExpect(decision, { a: { x: 1 } })).toEqual(['a: expected an object, got 1']);
    expect(matchesExpect(decision, { a: [] })).toEqual(['a: expected an array, got 1']);
  });
});
