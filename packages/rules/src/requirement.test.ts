import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { applyEffect, monthsBefore } from './requirement.ts';
import { defaultRuleData } from './rulesets/index.ts';
import { joinedOn, nonPracticing, practicing } from './testFacts.ts';
import type { ReductionEffect, RuleData } from './types.ts';

const FULL = { total: 4000, ethics: 400, faceToFace: 1600 };

describe('the 1-July reduction', () => {
  it.each([
    ['2024-06-30', 40, 4],
    ['2024-07-01', 20, 2],
    ['2024-12-31', 20, 2],
    ['2024-01-01', 40, 4],
    ['2023-12-31', 40, 4],
  ])('registered on %s: %s hours, %s of ethics', (date, total, ethics) => {
    expect(evaluate(joinedOn(date)).requirement).toEqual({ total, ethics });
  });

  it('says why in the member’s words', () => {
    expect(evaluate(joinedOn('2024-07-01')).reasons[0]).toBe('因 2024-07-01 注册，本年度学时要求减半');
    const admitted = nonPracticing({ member: { type: 'non_practicing', registeredOn: '2024-09-15' } });
    expect(evaluate(admitted).reasons[0]).toBe('因 2024-09-15 入会，本年度学时要求减半');
  });

  it('asks nothing for a year before the member joined', () => {
    const decision = evaluate(joinedOn('2025-03-01'));
    expect(decision.requirement).toEqual({ total: 0, ethics: 0 });
    expect(decision.compliant).toBe(true);
    expect(decision.reasons).toEqual(['2025-03-01 注册，2024 年度无学时要求']);
  });
});

describe('exemptions', () => {
  it.each(['abroad', 'maternity', 'illness'] as const)('%s exempts the whole year by default', (ground) => {
    for (const facts of [practicing(), nonPracticing()]) {
      const decision = evaluate({ ...facts, exemptions: [{ ground }] });
      expect(decision.requirement).toEqual({ total: 0, ethics: 0 });
      expect(decision.compliant).toBe(true);
    }
  });

  it('names the ground as 豁免 for practicing and 减免 for non-practicing members', () => {
    expect(evaluate(practicing({ exemptions: [{ ground: 'maternity' }] })).reasons).toEqual([
      '已获生育豁免，本年度免于学时要求',
    ]);
    expect(evaluate(nonPracticing({ exemptions: [{ ground: 'illness' }] })).reasons[0]).toBe(
      '已获重病减免，本年度免于学时要求',
    );
  });

  it('takes the most favourable of an exemption and the mid-year reduction, without stacking', () => {
    const decision = evaluate(joinedOn('2024-08-01', { exemptions: [{ ground: 'abroad' }] }));
    expect(decision.requirement).toEqual({ total: 0, ethics: 0 });
    expect(decision.reduction?.source).toBe('abroad');
    expect(decision.reasons[0]).toBe('已获出国（境）豁免，本年度免于学时要求');
    expect(decision.reasons[1]).toContain('不叠加');
  });

  it('does not stack two reductions either', () => {
    const data = withGroundEffect('illness', { kind: 'reduceTo', to: 3000 });
    const decision = evaluate(joinedOn('2024-07-01', { exemptions: [{ ground: 'illness' }] }), data);
    expect(decision.requirement).toEqual({ total: 20, ethics: 2 }); // halve (20) beats reduce to 30
    expect(decision.reduction?.source).toBe('registration');
  });

  it('applies a configured reduce-to, reduce-by or pro-rata effect', () => {
    const reduceTo = evaluate(
      practicing({ exemptions: [{ ground: 'illness' }] }),
      withGroundEffect('illness', { kind: 'reduceTo', to: 2000 }),
    );
    expect(reduceTo.requirement).toEqual({ total: 20, ethics: 2 });
    expect(reduceTo.reasons[0]).toBe('已获重病豁免，本年度学时要求减为 20 学时');
    const reduceBy = evaluate(
      practicing({ exemptions: [{ ground: 'illness' }] }),
      withGroundEffect('illness', { kind: 'reduceBy', by: 1000 }),
    );
    expect(reduceBy.requirement).toEqual({ total: 30, ethics: 3 });
    const proRata = withGroundEffect('abroad', { kind: 'proRataMonths' });
    expect(
      evaluate(practicing({ exemptions: [{ ground: 'abroad', months: 8 }] }), proRata).requirement,
    ).toEqual({
      total: 13.33,
      ethics: 1.33,
    });
    expect(() => evaluate(practicing({ exemptions: [{ ground: 'abroad' }] }), proRata)).toThrow(
      '需要填写 months',
    );
  });

  it('can pro-rate the mid-year reduction by the months left', () => {
    const data = defaultRuleData();
    for (const set of data.ruleSets)
      set.midYearReduction = { cutoff: '07-01', effect: { kind: 'proRataMonths' } };
    expect(evaluate(joinedOn('2024-07-01'), data).requirement).toEqual({ total: 20, ethics: 2 });
    expect(evaluate(joinedOn('2024-09-15'), data).requirement).toEqual({ total: 10, ethics: 1 });
  });

  it('refuses an unknown ground', () => {
    expect(() => evaluate(practicing({ exemptions: [{ ground: 'holiday' as 'abroad' }] }))).toThrow(
      'exemptions[0].ground：未知的豁免（减免）事由：holiday',
    );
  });
});

describe('applyEffect', () => {
  it.each<[ReductionEffect, number, { total: number; ethics: number; faceToFace: number }]>([
    [{ kind: 'exempt' }, 0, { total: 0, ethics: 0, faceToFace: 0 }],
    [{ kind: 'halve' }, 0, { total: 2000, ethics: 200, faceToFace: 800 }],
    [{ kind: 'reduceTo', to: 1000 }, 0, { total: 1000, ethics: 100, faceToFace: 400 }],
    [{ kind: 'reduceTo', to: 9000 }, 0, FULL],
    [{ kind: 'reduceBy', by: 1000 }, 0, { total: 3000, ethics: 300, faceToFace: 1200 }],
    [{ kind: 'reduceBy', by: 9000 }, 0, { total: 0, ethics: 0, faceToFace: 0 }],
    [{ kind: 'proRataMonths' }, 6, { total: 2000, ethics: 200, faceToFace: 800 }],
    [{ kind: 'proRataMonths' }, 12, { total: 0, ethics: 0, faceToFace: 0 }],
  ])('%j with %s months covered', (effect, months, expected) => {
    expect(applyEffect(FULL, effect, months)).toEqual(expected);
  });

  it('counts a month joined on its first day as a member’s month', () => {
    expect(monthsBefore('2024-07-01')).toBe(6);
    expect(monthsBefore('2024-07-02')).toBe(7);
    expect(monthsBefore('2024-01-01')).toBe(0);
  });
});

function withGroundEffect(code: string, effect: ReductionEffect): RuleData {
  const data = defaultRuleData();
  for (const ground of data.exemptionGrounds) if (ground.code === code) ground.effect = effect;
  return data;
}
