import { describe, expect, it } from 'vitest';
import { resolveRuleSet } from './lookup.ts';
import { previewClaim } from './preview.ts';
import { DEFAULT_RULE_DATA } from './rulesets/index.ts';

const practicing = resolveRuleSet(DEFAULT_RULE_DATA, { year: 2024, memberType: 'practicing' });
const nonPracticing = resolveRuleSet(DEFAULT_RULE_DATA, { year: 2024, memberType: 'non_practicing' });

describe('previewClaim', () => {
  it('shows the whole claim when nothing caps it', () => {
    const preview = previewClaim({ item: '18-9b', units: 1 }, practicing);
    expect(preview).toMatchObject({
      raw: 8,
      credited: 8,
      cutByItemCap: 0,
      cutByOutputCap: 0,
      itemCap: 24,
      outputCap: 32,
    });
    expect(preview.explanation).toBe(
      '1 × 每篇 8 学时 = 8 学时；本次可计 8 学时（产出法学时合计 8学时/32学时）',
    );
  });

  it('explains the item cap', () => {
    const preview = previewClaim({ item: '18-9a', units: 3, alreadyCreditedItem: 0 }, practicing);
    expect(preview).toMatchObject({ raw: 36, credited: 24, cutByItemCap: 12, cutByOutputCap: 0 });
    expect(preview.explanation).toBe(
      '3 × 每5万字 12 学时 = 36 学时；第十八条（九）a 项年度上限 24 学时，已计 0 学时，超出的 12 学时不计入；本次可计 24 学时（产出法学时合计 24学时/32学时）',
    );
  });

  it('explains both caps', () => {
    const preview = previewClaim(
      { item: '18-9b', units: 2, alreadyCreditedItem: 16, alreadyCreditedOutput: 28 },
      practicing,
    );
    expect(preview).toMatchObject({
      raw: 16,
      credited: 4,
      cutByItemCap: 8,
      cutByOutputCap: 4,
      outputAfter: 32,
    });
    expect(preview.explanation).toContain('产出法学时年度上限 32 学时，已计 28 学时，超出的 4 学时不计入');
  });

  it('gives nothing once a cap is used up, also when the recorded figure exceeds it', () => {
    expect(previewClaim({ item: '9-2', units: 1, alreadyCreditedItem: 12 }, nonPracticing).credited).toBe(0);
    expect(previewClaim({ item: '9-2', units: 1, alreadyCreditedOutput: 40 }, nonPracticing)).toMatchObject({
      credited: 0,
      cutByOutputCap: 4,
    });
  });

  it('uses the non-practicing wording and a rule set without an output cap', () => {
    const preview = previewClaim({ item: '9-4', units: 1 }, { ...nonPracticing, outputCap: null });
    expect(preview.outputCap).toBeNull();
    expect(preview.explanation).toBe(
      '1 × 每个学位 24 学时 = 24 学时；本次可计 24 学时（产出式学时合计 24学时）',
    );
  });

  it('refuses bad claims with one line', () => {
    expect(() => previewClaim({ item: '18-9b', units: 1 }, nonPracticing)).toThrow(
      '产出项目 18-9b 不适用于非执业会员',
    );
    expect(() => previewClaim({ item: '18-9b', units: -1 }, practicing)).toThrow('units 不能为负数：-1');
    expect(() => previewClaim({ item: '18-9b', units: 1, alreadyCreditedItem: -2 }, practicing)).toThrow(
      'alreadyCreditedItem 不能为负数',
    );
  });
});
