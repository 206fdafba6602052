import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { amountFen, feesCommands } from './fees.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('cpe fees', () => {
  it('reads amounts in yuan or fen exactly', () => {
    expect(amountFen(['--yuan', '80.5'])).toBe(8050);
    expect(amountFen(['--yuan', '120'])).toBe(12000);
    expect(amountFen(['--fen', '8000'])).toBe(8000);
    expect(amountFen(['--yuan', '1.234'])).toBeNull();
  });

  it('sets an institute’s fee for a year, which the fee schedule then shows', async () => {
    const set = feesCommands.find((c) => c.matches(['fees', 'set']))!;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const code = await set.run(
        ['fees', 'set', '--year', '2024', '--institute', '2', '--yuan', '95.00'],
        t.deps,
      );
      expect(code).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toMatch(/2024 {2}2 {2}\S+ {2}95\.00 {2}set/);
    } finally {
      log.mockRestore();
    }
    const { feeService } = await import('../modules/fee/fee.service.ts');
    const { rulesService } = await import('../modules/rules/rules.service.ts');
    const schedule = await feeService(t.deps, rulesService(t.deps)).schedule(2024);
    expect(schedule.items.find((i) => i.instituteId === 2)).toMatchObject({
      amountFen: 9500,
      scheduled: true,
    });
  });
});
