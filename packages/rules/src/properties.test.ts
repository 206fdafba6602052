import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateExact } from './evaluate.ts';
import type { Facts } from './facts.ts';
import { fromHundredths, toHundredths } from './hours.ts';
import { defaultRuleData } from './rulesets/index.ts';
import type { MemberType } from './types.ts';

const data = defaultRuleData();
const codesFor = (type: MemberType) =>
  data.catalogue.filter((i) => i.memberTypes.includes(type)).map((i) => i.code);
const capOf = (code: string) => data.catalogue.find((i) => i.code === code)!.yearlyCap;

const hours = fc.integer({ min: 0, max: 3000 }).map(fromHundredths);
const online = fc.record({
  hours,
  kind: fc.constantFrom('required' as const, 'elective' as const),
  ethics: fc.boolean(),
});
const faceToFace = fc.record({ hours, ethics: fc.boolean() });
const date = fc
  .record({
    year: fc.integer({ min: 2010, max: 2026 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const facts: fc.Arbitrary<Facts> = fc.constantFrom<MemberType>('practicing', 'non_practicing').chain((type) =>
  fc.record({
    year: fc.integer({ min: 2022, max: 2027 }),
    member: fc.record({ type: fc.constant(type), registeredOn: date }),
    online: fc.array(online, { maxLength: 8 }),
    faceToFace: fc.array(faceToFace, { maxLength: 4 }),
    claims: fc.array(
      fc.record({ item: fc.constantFrom(...codesFor(type)), units: fc.integer({ min: 0, max: 6 }) }),
      {
        maxLength: 8,
      },
    ),
    exemptions: fc.subarray(
      [{ ground: 'abroad' as const }, { ground: 'maternity' as const }, { ground: 'illness' as const }],
      {
        maxLength: 3,
      },
    ),
  }),
);

/** The same facts with every list in another order. */
const shuffled = (f: Facts) =>
  fc
    .record({
      online: fc.shuffledSubarray(f.online, { minLength: f.online.length }),
      faceToFace: fc.shuffledSubarray(f.faceToFace, { minLength: f.faceToFace.length }),
      claims: fc.shuffledSubarray(f.claims, { minLength: f.claims.length }),
      exemptions: fc.shuffledSubarray(f.exemptions, { minLength: f.exemptions.length }),
    })
    .map((lists) => ({ ...f, ...lists }));

describe('properties', () => {
  it('never credits beyond a cap, and the total is the sum of the capped buckets', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const d = evaluateExact(f, data);
        const rules = data.ruleSets.find((s) => s.year === f.year && s.memberType === f.member.type)!;
        if (rules.onlineCap !== null) expect(d.credited.online).toBeLessThanOrEqual(rules.onlineCap);
        if (rules.outputCap !== null) expect(d.credited.output).toBeLessThanOrEqual(rules.outputCap);
        const perItem = new Map<string, number>();
        for (const c of d.claims) perItem.set(c.item, (perItem.get(c.item) ?? 0) + c.credited);
        for (const [code, credited] of perItem) expect(credited).toBeLessThanOrEqual(capOf(code));
        expect(d.credited.total).toBe(d.credited.online + d.credited.faceToFace + d.credited.output);
        expect(d.credited.onlineRequired + d.credited.onlineElective).toBe(d.credited.online);
        expect(d.compliant).toBe(d.shortfall.total === 0 && d.shortfall.ethics === 0);
      }),
    );
  });

  it('never lowers the credited total when hours or claims are added', () => {
    fc.assert(
      fc.property(
        facts,
        online,
        faceToFace,
        fc.nat({ max: 5 }),
        fc.nat(),
        (f, extraOnline, extraF2f, units, pick) => {
          const before = evaluateExact(f, data).credited;
          const codes = codesFor(f.member.type);
          const item = codes[pick % codes.length]!;
          const more = {
            ...f,
            online: [...f.online, extraOnline],
            faceToFace: [...f.faceToFace, extraF2f],
            claims: [...f.claims, { item, units }],
          };
          const after = evaluateExact(more, data).credited;
          expect(after.total).toBeGreaterThanOrEqual(before.total);
          expect(after.online).toBeGreaterThanOrEqual(before.online);
          expect(after.output).toBeGreaterThanOrEqual(before.output);
          expect(after.ethics).toBeGreaterThanOrEqual(before.ethics);
        },
      ),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(
        facts.chain((f) => fc.tuple(fc.constant(f), shuffled(f))),
        ([f, g]) => {
          const a = evaluate(f, data);
          const b = evaluate(g, data);
          expect(b.requirement).toEqual(a.requirement);
          expect(b.credited).toEqual(a.credited);
          expect(b.shortfall).toEqual(a.shortfall);
          expect(b.compliant).toBe(a.compliant);
          expect(b.reasons).toEqual(a.reasons);
        },
      ),
    );
  });

  it('round-trips hundredths through hours exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(toHundredths(fromHundredths(n))).toBe(n);
      }),
    );
  });

  it('sums any number of 0.01-exact entries exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 300 }), (parts) => {
        const f: Facts = {
          year: 2024,
          member: { type: 'non_practicing', registeredOn: '2010-01-01' },
          online: parts.map((p) => ({ hours: fromHundredths(p), kind: 'elective', ethics: false })),
          faceToFace: [],
          claims: [],
          exemptions: [],
        };
        expect(evaluateExact(f, data).credited.online).toBe(parts.reduce((s, p) => s + p, 0));
      }),
    );
  });
});
