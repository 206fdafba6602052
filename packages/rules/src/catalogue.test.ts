import { describe, expect, it } from 'vitest';
import { checkDetails, uniqueTokens } from './details.ts';
import { RuleInputError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import type { Facts } from './facts.ts';
import { findCatalogueItem } from './lookup.ts';
import { articleLabel, chineseNumber, defaultCatalogue, OUTPUT_UNITS } from './rulesets/catalogue.ts';
import type { MemberType } from './types.ts';

// The readable figures of docs/domain.md 3.2, written out here on purpose (not read from the data):
// [code, member type, rate in hours per unit, yearly cap in hours, article label]
const TABLE: [string, MemberType, number, number, string][] = [
  ['18-1', 'practicing', 1, 24, '第十八条（一）项'],
  ['18-2', 'practicing', 8, 24, '第十八条（二）项'],
  ['18-3', 'practicing', 4, 24, '第十八条（三）项'],
  ['18-4', 'practicing', 4, 24, '第十八条（四）项'],
  ['18-5', 'practicing', 4, 12, '第十八条（五）项'],
  ['18-6a', 'practicing', 4, 24, '第十八条（六）a 项'],
  ['18-6b', 'practicing', 2, 24, '第十八条（六）b 项'],
  ['18-7', 'practicing', 4, 24, '第十八条（七）项'],
  ['18-8', 'practicing', 4, 24, '第十八条（八）项'],
  ['18-9a', 'practicing', 12, 24, '第十八条（九）a 项'],
  ['18-9b', 'practicing', 8, 24, '第十八条（九）b 项'],
  ['18-10', 'practicing', 24, 24, '第十八条（十）项'],
  ['18-11', 'practicing', 16, 16, '第十八条（十一）项'],
  ['18-12', 'practicing', 8, 24, '第十八条（十二）项'],
  ['18-13', 'practicing', 4, 24, '第十八条（十三）项'],
  ['9-1', 'non_practicing', 1, 24, '第九条（一）项'],
  ['9-2', 'non_practicing', 4, 12, '第九条（二）项'],
  ['9-3a', 'non_practicing', 12, 24, '第九条（三）a 项'],
  ['9-3b', 'non_practicing', 8, 24, '第九条（三）b 项'],
  ['9-4', 'non_practicing', 24, 24, '第九条（四）项'],
  ['9-5', 'non_practicing', 16, 16, '第九条（五）项'],
  ['9-6', 'non_practicing', 8, 24, '第九条（六）项'],
  ['9-7', 'non_practicing', 4, 24, '第九条（七）项'],
  ['9-8', 'non_practicing', 4, 24, '第九条（八）项'],
];

function outputFor(memberType: MemberType, item: string, units: number): number {
  const facts: Facts = {
    year: 2024,
    member: { type: memberType, registeredOn: '2012-03-01' },
    online: [],
    faceToFace: [],
    claims: [{ item, units }],
    exemptions: [],
  };
  return evaluate(facts).credited.output;
}

describe('output-hour catalogue', () => {
  const catalogue = defaultCatalogue();

  it('holds exactly the items of the table, each once', () => {
    expect(catalogue.map((i) => i.code).sort()).toEqual(TABLE.map(([code]) => code).sort());
  });

  describe.each(TABLE)('%s', (code, memberType, rate, cap, article) => {
    const item = findCatalogueItem(catalogue, code, memberType, 2024);
    const unitsAtCap = cap / rate;

    it(`is ${rate} per unit, capped at ${cap}`, () => {
      expect(item.rate).toBe(rate * 100);
      expect(item.yearlyCap).toBe(cap * 100);
      expect(item.memberTypes).toEqual([memberType]);
      expect(item.article).toBe(article);
      expect(item.description).not.toBe('');
      expect(item.evidence.length).toBeGreaterThan(0);
      expect(item.version).toBe(1);
    });

    it('credits units × rate below, at and above the cap', () => {
      expect(outputFor(memberType, code, unitsAtCap - 1)).toBe(cap - rate);
      expect(outputFor(memberType, code, unitsAtCap)).toBe(cap);
      expect(outputFor(memberType, code, unitsAtCap + 1)).toBe(cap);
    });
  });

  it('refuses an item of the other member type', () => {
    expect(() => outputFor('non_practicing', '18-9b', 1)).toThrow('不适用于非执业会员');
    expect(() => outputFor('practicing', '9-4', 1)).toThrow('不适用于执业会员');
  });

  it('refuses an unknown code and a year before the catalogue', () => {
    expect(() => findCatalogueItem(catalogue, '18-99', 'practicing', 2024)).toThrow(RuleInputError);
    expect(() => findCatalogueItem(catalogue, '18-1', 'practicing', 2021)).toThrow('在 2021 年度不适用');
  });

  it('accepts fractional units only where the unit allows it', () => {
    expect(outputFor('practicing', '18-9a', 0.5)).toBe(6); // 25,000 characters
    expect(outputFor('practicing', '18-6b', 1.5)).toBe(3); // a day and a half of marking
    expect(() => outputFor('practicing', '18-9b', 1.5)).toThrow('必须是整数');
  });

  it('picks the newest version active in the year', () => {
    const base = findCatalogueItem(catalogue, '18-9b', 'practicing', 2024);
    const revised = { ...base, version: 2, rate: 1000, activeFrom: 2026 };
    const closed = { ...base, activeTo: 2025 };
    expect(findCatalogueItem([closed, revised], '18-9b', 'practicing', 2025).rate).toBe(800);
    expect(findCatalogueItem([closed, revised], '18-9b', 'practicing', 2026).rate).toBe(1000);
  });

  it('labels units and articles in Chinese', () => {
    expect(OUTPUT_UNITS.char50k.label).toBe('每5万字');
    expect(chineseNumber(9)).toBe('九');
    expect(chineseNumber(13)).toBe('十三');
    expect(chineseNumber(20)).toBe('二十');
    expect(chineseNumber(21)).toBe('二十一');
    expect(articleLabel('not-a-code')).toBe('not-a-code');
  });
});

describe('detail fields of the catalogue', () => {
  const items = defaultCatalogue();
  it('every item declares its details and at least one identifies the work', () => {
    for (const item of items) {
      expect(item.fields?.length, item.code).toBeGreaterThan(0);
    }
    const article = items.find((i) => i.code === '18-9b');
    expect(article?.fields?.map((f) => f.key)).toEqual(['title', 'journal', 'publishedOn']);
  });

  it('checks details against the fields and finds the same title or ISBN written differently', () => {
    const article = items.find((i) => i.code === '18-9b')!;
    expect(
      checkDetails(article, { title: '审计 A', journal: '中国注册会计师', publishedOn: '2024-02-30' })
        .problems,
    ).toEqual(['发表日期应为 YYYY-MM-DD 格式的日期']);
    expect(
      checkDetails(article, { title: 'x', journal: 'y', publishedOn: '2024-02-01', isbn: '1' }).problems,
    ).toEqual(['该项目没有“isbn”这一项']);
    expect(checkDetails(article, { journal: 'y', publishedOn: '2024-02-01' }).problems).toEqual([
      '请填写文章标题',
    ]);
    expect(uniqueTokens(article, { title: '论 审计，风险！' })).toEqual(
      uniqueTokens(article, { title: '论审计风险' }),
    );
    const book = items.find((i) => i.code === '18-9a')!;
    expect(
      checkDetails(book, {
        title: 'b',
        publisher: 'p',
        isbn: '978-7-115-42802-8',
        publishedOn: '2024-01-01',
        role: '著',
      }).problems,
    ).toEqual([]);
    expect(
      checkDetails(book, {
        title: 'b',
        publisher: 'p',
        isbn: '978-7-115-42802-7',
        publishedOn: '2024-01-01',
        role: '著',
      }).problems,
    ).toEqual(['ISBN不是有效的 ISBN']);
  });
});

describe('approved claims as facts', () => {
  it('count the hours granted instead of units × rate, still held to the caps', () => {
    const base: Facts = {
      year: 2024,
      member: { type: 'practicing', registeredOn: '2015-01-01' },
      online: [],
      faceToFace: [],
      claims: [
        { item: '18-9b', units: 1, hours: 5 },
        { item: '18-9b', units: 3, hours: 24 },
      ],
      exemptions: [],
    };
    const d = evaluate(base);
    expect(d.claims.map((c) => [c.raw, c.credited, c.cutByItemCap])).toEqual([
      [5, 5, 0],
      [24, 19, 5],
    ]);
    expect(d.credited.output).toBe(24);
  });
});
