import { describe, expect, it } from 'vitest';
import { uncertainFigures } from './confidence.ts';
import { RuleInputError } from './errors.ts';
import { resolveRuleSet } from './lookup.ts';
import { DEFAULT_RULE_DATA, defaultRuleData, EXAMPLE_OVERLAY_PROVINCE } from './rulesets/index.ts';
import { MEMBER_TYPES } from './types.ts';

const YEARS = [2022, 2023, 2024, 2025, 2026, 2027];

describe('default rule data', () => {
  const data = defaultRuleData();

  it('has one rule set per year from 2022 to 2027 and member type', () => {
    expect(data.ruleSets.map((s) => `${s.year}/${s.memberType}`).sort()).toEqual(
      YEARS.flatMap((y) => MEMBER_TYPES.map((t) => `${y}/${t}`)).sort(),
    );
  });

  it('holds the national figures of docs/domain.md 3.1', () => {
    const p = resolveRuleSet(data, { year: 2024, memberType: 'practicing' });
    expect(p).toMatchObject({
      version: 1,
      minimumTotal: 4000,
      ethicsMinimum: 400,
      onlineCap: 2400,
      faceToFaceMinimum: null,
      outputCap: 3200,
      carryOver: false,
      feeRequired: false,
      defaultFeeFen: null,
      minutesPerHour: 45,
      midYearReduction: { cutoff: '07-01', effect: { kind: 'halve' } },
      province: null,
      overlay: null,
    });
    const np = resolveRuleSet(data, { year: 2024, memberType: 'non_practicing' });
    expect(np).toMatchObject({ ethicsMinimum: 0, onlineCap: null, feeRequired: true, defaultFeeFen: 8000 });
  });

  it('marks how sure each figure is, flagging the unconfirmed ones', () => {
    const p = resolveRuleSet(data, { year: 2024, memberType: 'practicing' });
    const np = resolveRuleSet(data, { year: 2024, memberType: 'non_practicing' });
    expect(p.confidence).toMatchObject({ minimumTotal: 'H', ethicsMinimum: 'H', outputCap: 'L' });
    expect(p.confidence['midYearReduction.effect']).toBe('L');
    expect(np.confidence).toMatchObject({ ethicsMinimum: 'U', onlineCap: 'U', defaultFeeFen: 'U' });
  });

  it('lists the figures an admin must confirm', () => {
    const uncertain = uncertainFigures(data).filter(
      (u) => u.entry.startsWith('2024/') || !/^\d/.test(u.entry),
    );
    expect(uncertain).toContainEqual({ entry: '2024/practicing', field: 'outputCap', confidence: 'L' });
    expect(uncertain).toContainEqual({
      entry: '2024/non_practicing',
      field: 'ethicsMinimum',
      confidence: 'U',
    });
    expect(uncertain).toContainEqual({ entry: 'catalogue 18-7', field: 'activity', confidence: 'L' });
    expect(uncertain).toContainEqual({ entry: 'ground abroad', field: 'non_practicing', confidence: 'L' });
    expect(uncertain.some((u) => u.entry === 'catalogue 18-10')).toBe(false);
  });

  it('is plain JSON and fresh on every call', () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    const other = defaultRuleData();
    other.ruleSets[0]!.minimumTotal = 1;
    expect(defaultRuleData().ruleSets[0]!.minimumTotal).toBe(4000);
    expect(Object.isFrozen(DEFAULT_RULE_DATA.ruleSets[0])).toBe(true);
  });

  it('gives every entry a version', () => {
    const entries = [...data.ruleSets, ...data.catalogue, ...data.exemptionGrounds, ...data.overlays];
    expect(entries.every((e) => Number.isInteger(e.version) && e.version >= 1)).toBe(true);
  });

  it('refuses a year without a rule set', () => {
    expect(() => resolveRuleSet(data, { year: 2021, memberType: 'practicing' })).toThrow(RuleInputError);
    expect(() => resolveRuleSet(data, { year: 2021, memberType: 'practicing' })).toThrow(
      '没有 2021 年度执业会员的学时规则',
    );
  });
});

describe('resolveRuleSet', () => {
  it('applies a province overlay only to its member types and years', () => {
    const data = defaultRuleData();
    const example = resolveRuleSet(data, {
      year: 2024,
      memberType: 'practicing',
      province: EXAMPLE_OVERLAY_PROVINCE,
    });
    expect(example.faceToFaceMinimum).toBe(1600);
    expect(example.overlay).toEqual({ province: EXAMPLE_OVERLAY_PROVINCE, version: 1 });
    expect(example.confidence.faceToFaceMinimum).toBe('M');
    const np = resolveRuleSet(data, {
      year: 2024,
      memberType: 'non_practicing',
      province: EXAMPLE_OVERLAY_PROVINCE,
    });
    expect(np.overlay).toBeNull();
    data.overlays[0]!.activeTo = 2023;
    expect(
      resolveRuleSet(data, { year: 2024, memberType: 'practicing', province: EXAMPLE_OVERLAY_PROVINCE })
        .overlay,
    ).toBeNull();
  });

  it('uses the highest version of a year and never mutates the data', () => {
    const data = defaultRuleData();
    const base = data.ruleSets.find((s) => s.year === 2025 && s.memberType === 'practicing')!;
    data.ruleSets.push({ ...structuredClone(base), version: 2, outputCap: 2400 });
    const resolved = resolveRuleSet(data, { year: 2025, memberType: 'practicing' });
    expect(resolved).toMatchObject({ version: 2, outputCap: 2400 });
    resolved.confidence.outputCap = 'H';
    expect(base.confidence.outputCap).toBe('L');
  });
});
