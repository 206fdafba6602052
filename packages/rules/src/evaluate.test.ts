import { describe, expect, it } from 'vitest';
import { evaluate, evaluateExact } from './evaluate.ts';
import type { OnlineEntry } from './facts.ts';
import { EXAMPLE_OVERLAY_PROVINCE } from './rulesets/overlays.ts';
import { nonPracticing, practicing } from './testFacts.ts';

const required = (hours: number, ethics = false): OnlineEntry => ({ hours, kind: 'required', ethics });
const elective = (hours: number, ethics = false): OnlineEntry => ({ hours, kind: 'elective', ethics });

describe('online hours', () => {
  it.each([
    [23.99, 23.99, null],
    [24, 24, null],
    [24.01, 24, '网络培训超出 24 学时上限的 0.01 学时不计入'],
    [30, 24, '网络培训超出 24 学时上限的 6 学时不计入'],
  ])('%s studied counts as %s for a practicing member', (studied, counted, reason) => {
    const decision = evaluate(practicing({ online: [required(studied)] }));
    expect(decision.credited.online).toBe(counted);
    expect(decision.credited.onlineStudied).toBe(studied);
    if (reason) expect(decision.reasons).toContain(reason);
    else expect(decision.reasons.join()).not.toContain('网络培训超出');
  });

  it('fills the cap with required hours first', () => {
    const decision = evaluate(practicing({ online: [elective(10), required(20)] }));
    expect(decision.credited).toMatchObject({
      online: 24,
      onlineRequired: 20,
      onlineElective: 4,
      onlineStudied: 30,
    });
  });

  it('has no cap for non-practicing members', () => {
    expect(evaluate(nonPracticing({ online: [required(60)] })).credited.online).toBe(60);
  });

  it('adds 240 lessons of 0.1 hours to exactly 24', () => {
    const online = Array.from({ length: 240 }, () => required(0.1, true));
    const decision = evaluate(practicing({ online }));
    expect(decision.credited.online).toBe(24);
    expect(decision.credited.ethics).toBe(24);
    expect(evaluateExact(practicing({ online })).credited.online).toBe(2400);
  });
});

describe('ethics', () => {
  it('counts every ethics hour, even above the online cap, while the total uses the capped figure', () => {
    const decision = evaluate(practicing({ online: [required(24), elective(6, true)] }));
    expect(decision.credited).toMatchObject({ online: 24, ethics: 6, total: 24 });
    expect(decision.shortfall).toEqual({ total: 16, ethics: 0 });
  });

  it('counts face-to-face ethics hours and not output hours', () => {
    const decision = evaluate(
      practicing({ faceToFace: [{ hours: 3.5, ethics: true }], claims: [{ item: '18-10', units: 1 }] }),
    );
    expect(decision.credited.ethics).toBe(3.5);
    expect(decision.shortfall.ethics).toBe(0.5);
  });
});

describe('verdict and reasons', () => {
  it('with nothing recorded owes the whole year', () => {
    const decision = evaluate(practicing());
    expect(decision.credited).toEqual({
      total: 0,
      online: 0,
      onlineRequired: 0,
      onlineElective: 0,
      onlineStudied: 0,
      faceToFace: 0,
      output: 0,
      ethics: 0,
    });
    expect(decision.compliant).toBe(false);
    expect(decision.reasons).toEqual(['还需 40 学时，其中职业道德 4 学时']);
  });

  it('reports fractional shortfalls plainly', () => {
    const decision = evaluate(
      practicing({ online: [required(20.5, true)], faceToFace: [{ hours: 13.25, ethics: false }] }),
    );
    expect(decision.credited.total).toBe(33.75);
    expect(decision.reasons).toEqual(['还需 6.25 学时']);
  });

  it('says so when ethics is missing more than the total', () => {
    const decision = evaluate(
      practicing({ online: [required(24)], faceToFace: [{ hours: 15, ethics: false }] }),
    );
    expect(decision.reasons).toEqual(['还需 1 学时', '职业道德学时还需 4 学时']);
  });

  it('says so when only ethics is missing', () => {
    const decision = evaluate(
      practicing({ online: [required(24)], faceToFace: [{ hours: 16, ethics: false }] }),
    );
    expect(decision.reasons).toEqual(['总学时已达到，职业道德学时还需 4 学时']);
  });

  it('is compliant exactly at the requirement', () => {
    const decision = evaluate(
      practicing({ online: [required(24, true)], faceToFace: [{ hours: 16, ethics: false }] }),
    );
    expect(decision.compliant).toBe(true);
    expect(decision.reasons).toEqual(['已达到本年度学时要求']);
  });

  it('reports pending hours without counting them', () => {
    const decision = evaluate(
      practicing({ online: [required(24, true)], pending: { online: 1.5, claims: 8 } }),
    );
    expect(decision.pending).toEqual({ online: 1.5, claims: 8 });
    expect(decision.credited.total).toBe(24);
    expect(decision.reasons).toContain(
      '另有 1.5 学时网络学习待同步（次日可查询），8 学时产出申请审核中，尚未计入',
    );
  });

  it('records the rule-set version and each claim', () => {
    const decision = evaluate(practicing({ claims: [{ item: '18-9b', units: 4 }] }));
    expect(decision.ruleSetVersion).toBe(1);
    expect(decision.unit).toBe('hours');
    expect(decision.claims).toEqual([
      { item: '18-9b', units: 4, itemVersion: 1, raw: 32, credited: 24, cutByItemCap: 8, cutByOutputCap: 0 },
    ]);
  });
});

describe('output hours', () => {
  it('holds each item to its cap, then the total to the output cap, cutting later claims', () => {
    const decision = evaluate(
      practicing({
        claims: [
          { item: '18-10', units: 1 },
          { item: '18-5', units: 4 },
          { item: '18-9b', units: 1 },
        ],
      }),
    );
    expect(decision.credited.output).toBe(32);
    expect(decision.claims.map((c) => [c.credited, c.cutByItemCap, c.cutByOutputCap])).toEqual([
      [24, 0, 0],
      [8, 4, 4],
      [0, 0, 8],
    ]);
    expect(decision.reasons).toEqual([
      '第十八条（五）项超出年度上限 12 学时的 4 学时不计入',
      '产出法学时超出 32 学时上限的 12 学时不计入',
      '还需 8 学时，其中职业道德 4 学时',
    ]);
  });

  it('sums the item cap over several claims of the same item', () => {
    const decision = evaluate(
      practicing({ claims: [1, 1, 1, 1].map((units) => ({ item: '18-9b', units })) }),
    );
    expect(decision.credited.output).toBe(24);
    expect(decision.reasons[0]).toBe('第十八条（九）b 项超出年度上限 24 学时的 8 学时不计入');
  });

  it('counts zero units as zero', () => {
    expect(evaluate(practicing({ claims: [{ item: '18-9b', units: 0 }] })).credited.output).toBe(0);
  });
});

describe('provincial overlay', () => {
  const inExampleProvince = (hours: number) =>
    practicing({
      member: { type: 'practicing', registeredOn: '2012-03-01', province: EXAMPLE_OVERLAY_PROVINCE },
      online: [required(24, true)],
      faceToFace: [{ hours, ethics: false }],
    });

  it('adds a face-to-face minimum and names the overlay in the decision', () => {
    const short = evaluate(inExampleProvince(12));
    expect(short.requirement).toEqual({ total: 40, ethics: 4, faceToFace: 16 });
    expect(short.shortfall).toEqual({ total: 4, ethics: 0, faceToFace: 4 });
    expect(short.overlay).toEqual({ province: EXAMPLE_OVERLAY_PROVINCE, version: 1 });
    expect(short.reasons).toEqual(['还需 4 学时', '面授培训学时还需 4 学时']);
    expect(evaluate(inExampleProvince(16)).compliant).toBe(true);
  });

  it('halves the face-to-face minimum with the rest after 1 July', () => {
    const facts = inExampleProvince(0);
    facts.member.registeredOn = '2024-07-01';
    expect(evaluate(facts).requirement).toEqual({ total: 20, ethics: 2, faceToFace: 8 });
  });

  it('leaves other provinces on the national rules', () => {
    const decision = evaluate(
      practicing({ member: { type: 'practicing', registeredOn: '2012-03-01', province: '44' } }),
    );
    expect(decision.requirement).toEqual({ total: 40, ethics: 4 });
    expect(decision.overlay).toBeNull();
    expect(decision.province).toBe('44');
  });
});
