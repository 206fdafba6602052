import { describe, expect, it } from 'vitest';
import { ruleDataProblems } from './checkRuleData.ts';
import { defaultRuleData, FIRST_RULE_YEAR, LAST_RULE_YEAR } from './rulesets/index.ts';
import { ruleDataSchema } from './schema.ts';
import type { RuleData, RuleSet } from './types.ts';

const activeIn = (year: number) => (x: { activeFrom: number; activeTo: number | null }) =>
  x.activeFrom <= year && (x.activeTo === null || year <= x.activeTo);

/** One year's part of the default data: what a published version of that year holds. */
function yearData(year: number): RuleData {
  const d = defaultRuleData();
  return {
    ruleSets: d.ruleSets.filter((r) => r.year === year),
    catalogue: d.catalogue.filter(activeIn(year)),
    exemptionGrounds: d.exemptionGrounds.filter(activeIn(year)),
    overlays: d.overlays.filter(activeIn(year)),
  };
}

const practicing = (d: RuleData) => d.ruleSets.find((r) => r.memberType === 'practicing')!;
const withPracticing = (patch: Partial<RuleSet>) => (d: RuleData) => Object.assign(practicing(d), patch);

describe('the default rule data', () => {
  it.each(Array.from({ length: LAST_RULE_YEAR - FIRST_RULE_YEAR + 1 }, (_, i) => FIRST_RULE_YEAR + i))(
    'of %i has the declared shape and can be published',
    (year) => {
      const data = yearData(year);
      expect(ruleDataSchema.safeParse(data).success).toBe(true);
      expect(ruleDataProblems(data, year)).toEqual([]);
    },
  );

  it('lets the lessons of a year be studied through 31 December of that year', () => {
    expect(practicing(yearData(2026)).studyWindow).toEqual({ opens: '2026-01-01', closes: '2026-12-31' });
  });
});

describe('publish validation: what makes no sense is refused with the field and the reason', () => {
  const cases: [string, (d: RuleData) => void, RegExp][] = [
    [
      'an unknown time zone',
      withPracticing({ timeZone: 'Asia/Shangai' }),
      /执业会员规则：时区「Asia\/Shangai」无法识别/,
    ],
    ['a time zone that is no zone', withPracticing({ timeZone: '+08:00' }), /时区「\+08:00」无法识别/],
    [
      'an impossible mid-year cutoff (02-30)',
      withPracticing({ midYearReduction: { cutoff: '02-30', effect: { kind: 'halve' } } }),
      /年中入会的起算日 02-30 在 2026 年不是有效日期/,
    ],
    [
      '02-29 in a year that has none',
      withPracticing({ midYearReduction: { cutoff: '02-29', effect: { kind: 'halve' } } }),
      /02-29 在 2026 年不是有效日期/,
    ],
    [
      'an ethics minimum above the total',
      withPracticing({ ethicsMinimum: 4100 }),
      /职业道德最低学时（41 学时）不能大于年度最低学时（40 学时）/,
    ],
    [
      'a face-to-face minimum above the total',
      withPracticing({ faceToFaceMinimum: 5000 }),
      /面授最低学时（50 学时）不能大于年度最低学时（40 学时）/,
    ],
    [
      'an impossible closing date',
      withPracticing({ studyWindow: { opens: '2026-01-01', closes: '2026-02-30' } }),
      /学习截止日期 2026-02-30 不是有效日期/,
    ],
    [
      'a window that closes before it opens',
      withPracticing({ studyWindow: { opens: '2026-06-01', closes: '2026-05-31' } }),
      /学习开始日期（2026-06-01）晚于学习截止日期（2026-05-31）/,
    ],
    [
      'a window that opens outside its year',
      withPracticing({ studyWindow: { opens: '2025-12-01', closes: '2026-12-31' } }),
      /学习开始日期（2025-12-01）应在 2026 年内/,
    ],
    [
      'a window that closes more than a year after its year',
      withPracticing({ studyWindow: { opens: '2026-01-01', closes: '2028-01-01' } }),
      /学习截止日期（2028-01-01）不能晚于 2027-12-31/,
    ],
    ['a rule set of another year', withPracticing({ year: 2025 }), /2026 年度必须且只能有一个执业会员规则/],
    [
      'a missing member type',
      (d) => {
        d.ruleSets = d.ruleSets.filter((r) => r.memberType === 'practicing');
      },
      /2026 年度必须且只能有一个非执业会员规则/,
    ],
    [
      'a duplicate output item',
      (d) => {
        d.catalogue.push(structuredClone(d.catalogue[0]!));
      },
      /产出项目 \S+ 重复/,
    ],
    [
      'an item that ends before it starts',
      (d) => {
        d.catalogue[0]!.activeTo = d.catalogue[0]!.activeFrom - 1;
      },
      /产出项目 \S+的终止年度（\d+）早于起始年度/,
    ],
    [
      'a provincial overlay that raises the face-to-face minimum above the total',
      (d) => {
        d.overlays = [
          {
            province: '99',
            name: '示例省',
            version: 1,
            memberTypes: ['practicing'],
            activeFrom: 2026,
            activeTo: null,
            patch: { faceToFaceMinimum: 4800 },
            confidence: {},
          },
        ];
      },
      /地方规则「示例省」调整后的执业会员规则：面授最低学时（48 学时）不能大于年度最低学时（40 学时）/,
    ],
  ];

  it.each(cases)('refuses %s', (_name, spoil, reason) => {
    const data = yearData(2026);
    spoil(data);
    const problems = ruleDataProblems(data, 2026);
    expect(problems.join('\n')).toMatch(reason);
  });

  it('accepts 02-29 in a leap year and a window that runs into the next year', () => {
    const data = yearData(2024);
    withPracticing({
      midYearReduction: { cutoff: '02-29', effect: { kind: 'halve' } },
      studyWindow: { opens: '2024-03-01', closes: '2025-01-31' },
      timeZone: 'UTC',
    })(data);
    expect(ruleDataProblems(data, 2024)).toEqual([]);
  });
});

describe('the schema refuses negative caps and amounts, naming the field', () => {
  const cases: [string, (d: RuleData) => void, string][] = [
    ['a negative online cap', withPracticing({ onlineCap: -100 }), '网络学时上限不能为负数'],
    ['a negative output cap', withPracticing({ outputCap: -1 }), '产出式学时上限不能为负数'],
    ['a negative total', withPracticing({ minimumTotal: -4000 }), '年度最低学时不能为负数'],
    ['a negative fee', withPracticing({ defaultFeeFen: -8000 }), '默认学习费用不能为负数'],
    [
      'a negative reduction',
      withPracticing({ midYearReduction: { cutoff: '07-01', effect: { kind: 'reduceBy', by: -200 } } }),
      '减少的学时不能为负数',
    ],
    [
      'a negative item rate',
      (d) => {
        d.catalogue[0]!.rate = -5;
      },
      '产出项目的折算学时不能为负数',
    ],
    [
      'a negative item cap',
      (d) => {
        d.catalogue[0]!.yearlyCap = -5;
      },
      '产出项目的年度上限不能为负数',
    ],
    [
      'fractional hundredths',
      withPracticing({ ethicsMinimum: 400.5 }),
      '职业道德最低学时应为整数（以百分之一学时计）',
    ],
    [
      'an unknown confidence key',
      withPracticing({ confidence: { nonsense: 'H' } as RuleSet['confidence'] }),
      '',
    ],
  ];

  it.each(cases)('refuses %s', (_name, spoil, message) => {
    const data = yearData(2026);
    spoil(data);
    const parsed = ruleDataSchema.safeParse(data);
    expect(parsed.success).toBe(false);
    if (message) expect(parsed.error!.issues.map((i) => i.message)).toContain(message);
  });
});
