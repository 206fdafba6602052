import { describe, expect, it } from 'vitest';
import { RuleInputError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { parseScenario } from './scenario.ts';
import { isIsoDate, parseFacts } from './validate.ts';

const valid = () => ({
  name: 'ok',
  year: 2024,
  member: { type: 'practicing', registeredOn: '2012-03-01' } as Record<string, unknown>,
  online: [{ hours: 24, kind: 'required', ethics: true }] as Record<string, unknown>[],
  faceToFace: [] as unknown[],
  claims: [{ item: '18-9b', units: 1 }] as Record<string, unknown>[],
  exemptions: [] as unknown[],
  expect: { compliant: false },
});

function problem(mutate: (s: ReturnType<typeof valid>) => void): string {
  const scenario = valid();
  mutate(scenario);
  try {
    parseScenario(scenario);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleInputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario validation', () => {
  it('accepts a valid scenario and keeps its expectation', () => {
    const scenario = parseScenario(valid());
    expect(scenario.name).toBe('ok');
    expect(scenario.expect).toEqual({ compliant: false });
    expect(scenario.facts.claims).toEqual([{ item: '18-9b', units: 1 }]);
  });

  it('treats missing lists as empty', () => {
    expect(
      parseFacts({ year: 2024, member: { type: 'practicing', registeredOn: '2012-03-01' } }).online,
    ).toEqual([]);
  });

  it.each<[string, (s: ReturnType<typeof valid>) => void, string]>([
    ['unknown item', (s) => (s.claims[0]!.item = '18-99'), 'claims[0].item：未知的产出项目代码：18-99'],
    [
      'item of the other member type',
      (s) => (s.member.type = 'non_practicing'),
      'claims[0].item：产出项目 18-9b 不适用于非执业会员',
    ],
    ['negative units', (s) => (s.claims[0]!.units = -1), 'claims[0].units 不能为负数：-1'],
    [
      'half an article',
      (s) => (s.claims[0]!.units = 0.5),
      'claims[0].units 必须是整数（18-9b 按每篇计）：0.5',
    ],
    ['negative hours', (s) => (s.online[0]!.hours = -2), 'online[0].hours 不能为负数：-2'],
    ['three decimals', (s) => (s.online[0]!.hours = 0.125), 'online[0].hours 最多保留两位小数：0.125'],
    ['hours as text', (s) => (s.online[0]!.hours = '24'), 'online[0].hours 必须是数字："24"'],
    [
      'bad kind',
      (s) => (s.online[0]!.kind = 'optional'),
      'online[0].kind 必须是 required / elective 之一："optional"',
    ],
    ['missing ethics', (s) => delete s.online[0]!.ethics, '缺少字段 online[0].ethics'],
    ['missing registration', (s) => delete s.member.registeredOn, '缺少字段 member.registeredOn'],
    ['missing member type', (s) => delete s.member.type, '缺少字段 member.type'],
    [
      'unknown member type',
      (s) => (s.member.type = 'retired'),
      'member.type 必须是 practicing / non_practicing 之一："retired"',
    ],
    ['impossible date', (s) => (s.member.registeredOn = '2024-02-30'), 'member.registeredOn 日期格式错误'],
    ['badly written date', (s) => (s.member.registeredOn = '2024/07/01'), 'member.registeredOn 日期格式错误'],
    ['year without rule set', (s) => (s.year = 2019), 'year：没有 2019 年度执业会员的学时规则'],
    ['fractional year', (s) => (s.year = 2024.5), 'year 必须是四位年份：2024.5'],
    ['claims not a list', (s) => ((s as Record<string, unknown>).claims = {}), 'claims 必须是数组'],
    [
      'unknown ground',
      (s) => s.exemptions.push({ ground: 'holiday' }),
      'exemptions[0].ground：未知的豁免（减免）事由：holiday',
    ],
    [
      'bad months',
      (s) => s.exemptions.push({ ground: 'abroad', months: 13 }),
      'exemptions[0].months 必须是 0 到 12 的整数：13',
    ],
    ['expect not an object', (s) => ((s as Record<string, unknown>).expect = [1]), 'expect 必须是 JSON 对象'],
  ])('rejects %s', (_, mutate, message) => {
    expect(problem(mutate)).toContain(message);
  });

  it('rejects input that is not an object', () => {
    expect(() => parseScenario([])).toThrow('输入 必须是 JSON 对象');
    expect(() => parseScenario(null)).toThrow(RuleInputError);
  });

  it('validates facts given straight to evaluate', () => {
    const facts = parseFacts(valid());
    facts.online.push({ hours: -1, kind: 'required', ethics: false });
    expect(() => evaluate(facts)).toThrow('online[1].hours 不能为负数：-1');
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-7-1')).toBe(false);
  });
});
