import type { ExemptionGround } from '../types.ts';
import { FIRST_RULE_YEAR } from './ruleSets.ts';

/**
 * Grounds for exemption (第二十条, practicing: 豁免) and reduction (第十一条, non-practicing: 减免),
 * docs/domain.md 3.3. Each carries its own effect so the national admin can turn "whole year exempt"
 * into "reduce to N" or "pro rata by months" without touching code. The 1-July reduction is not a
 * ground: it follows from the registration date and lives in the rule set (midYearReduction).
 */

const ARTICLES = { practicing: '第二十条', non_practicing: '第十一条' };

export function defaultExemptionGrounds(): ExemptionGround[] {
  return [
    {
      code: 'abroad',
      version: 1,
      label: '出国（境）',
      description: '本年度出国（境）累计半年以上',
      article: { ...ARTICLES },
      memberTypes: ['practicing', 'non_practicing'],
      effect: { kind: 'exempt' },
      evidence: ['出入境记录', '所在单位出具的派出证明'],
      activeFrom: FIRST_RULE_YEAR,
      activeTo: null,
      // the guide shows it for practicing members; for non-practicing members it is only likely
      confidence: { practicing: 'M', non_practicing: 'L' },
    },
    {
      code: 'maternity',
      version: 1,
      label: '生育',
      description: '本年度生育',
      article: { ...ARTICLES },
      memberTypes: ['practicing', 'non_practicing'],
      effect: { kind: 'exempt' },
      evidence: ['出生医学证明', '产假证明'],
      activeFrom: FIRST_RULE_YEAR,
      activeTo: null,
      confidence: { practicing: 'M', non_practicing: 'M' },
    },
    {
      code: 'illness',
      version: 1,
      label: '重病',
      description: '患重病不能正常工作累计半年以上',
      article: { ...ARTICLES },
      memberTypes: ['practicing', 'non_practicing'],
      effect: { kind: 'exempt' },
      evidence: ['二级以上医院诊断证明', '病休证明'],
      activeFrom: FIRST_RULE_YEAR,
      activeTo: null,
      confidence: { practicing: 'M', non_practicing: 'M' },
    },
  ];
}
