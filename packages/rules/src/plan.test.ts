import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRuleSet } from './lookup.ts';
import { forecastPlan, type PlanInput, type PlanLessonInput, planStudy, remainingSeconds } from './plan.ts';
import { defaultRuleData } from './rulesets/index.ts';

const data = defaultRuleData();
const rules = (memberType: 'practicing' | 'non_practicing') =>
  resolveRuleSet(data, { year: 2025, memberType });
const requirementOf = (memberType: 'practicing' | 'non_practicing') => {
  const r = rules(memberType);
  return { total: r.minimumTotal, ethics: r.ethicsMinimum, faceToFace: r.faceToFaceMinimum ?? 0 };
};
const nothing = { online: 0, faceToFace: 0, output: 0, ethics: 0 };

let nextId = 1;
function lesson(over: Partial<PlanLessonInput> = {}): PlanLessonInput {
  const id = nextId++;
  return {
    lessonId: id,
    courseId: over.courseId ?? 1,
    kind: 'required',
    ethics: false,
    creditHundredths: 100,
    durationSeconds: 2700,
    watchedSeconds: 0,
    completed: false,
    evaluated: false,
    ...over,
  };
}

function input(over: Partial<PlanInput> & Pick<PlanInput, 'lessons'>): PlanInput {
  return {
    memberType: 'practicing',
    ruleSet: rules('practicing'),
    requirement: requirementOf('practicing'),
    standing: nothing,
    feePaid: true,
    playbackRate: 1,
    completionShare: 1,
    outputItems: data.catalogue.filter((i) => i.activeFrom <= 2025),
    ...over,
  };
}

type Objective = [number, number, number];

/** Every subset of the unfinished lessons that the required-before-elective rule allows; the best. */
function bruteForce(p: PlanInput): Objective {
  const plan = planStudy({ ...p, lessons: [] }); // the targets only
  const open = p.lessons.filter((l) => !l.evaluated);
  const free = open.filter((l) => l.completed);
  const todo = open.filter((l) => !l.completed);
  const freeH = free.reduce((s, l) => s + l.creditHundredths, 0);
  const freeE = free.filter((l) => l.ethics).reduce((s, l) => s + l.creditHundredths, 0);
  let best: Objective | null = null;
  for (let mask = 0; mask < 1 << todo.length; mask++) {
    const picked = todo.filter((_, i) => mask & (1 << i));
    if (!feasible(p, picked)) continue;
    const o = objectiveOf(
      plan.target,
      freeH + picked.reduce((s, l) => s + l.creditHundredths, 0),
      freeE + picked.filter((l) => l.ethics).reduce((s, l) => s + l.creditHundredths, 0),
      picked.reduce((s, l) => s + remainingSeconds(l, p.completionShare, p.playbackRate), 0),
    );
    if (best === null || compare(o, best) > 0) best = o;
  }
  return best as Objective;
}

const objectiveOf = (
  target: { hours: number; ethics: number },
  h: number,
  e: number,
  cost: number,
): Objective => [Math.min(h, target.hours), Math.min(e, target.ethics), -cost];
const compare = (a: Objective, b: Objective) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function feasible(p: PlanInput, picked: PlanLessonInput[]): boolean {
  if (!p.ruleSet.requiredBeforeElective || !picked.some((l) => l.kind === 'elective')) return true;
  const ids = new Set(picked.map((l) => l.lessonId));
  return p.lessons.filter((l) => l.kind === 'required' && !l.completed).every((l) => ids.has(l.lessonId));
}

const arbLesson = fc.record({
  lessonId: fc.constant(0),
  courseId: fc.integer({ min: 1, max: 3 }),
  kind: fc.constantFrom('required' as const, 'elective' as const),
  ethics: fc.boolean(),
  creditHundredths: fc.oneof(fc.integer({ min: 1, max: 900 }), fc.constantFrom(25, 50, 100, 150, 200)),
  durationSeconds: fc.integer({ min: 1, max: 4000 }),
  watchedSeconds: fc.integer({ min: 0, max: 4000 }),
  // mostly unfinished lessons: those are what the plan decides on
  completed: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
  evaluated: fc.integer({ min: 0, max: 6 }).map((x) => x === 0),
});

const arbInput: fc.Arbitrary<PlanInput> = fc
  .record({
    memberType: fc.constantFrom('practicing' as const, 'non_practicing' as const),
    lessons: fc.array(arbLesson, { maxLength: 11 }),
    onlineCap: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
    requiredBeforeElective: fc.boolean(),
    total: fc.oneof(fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 0, max: 600 })),
    ethicsMin: fc.integer({ min: 0, max: 600 }),
    online: fc.integer({ min: 0, max: 1500 }),
    ethics: fc.integer({ min: 0, max: 300 }),
    faceToFace: fc.integer({ min: 0, max: 500 }),
    output: fc.integer({ min: 0, max: 500 }),
    rate: fc.constantFrom(1, 1.25, 1.5, 2),
    share: fc.constantFrom(1, 0.9, 0.8),
  })
  .map((x) =>
    input({
      memberType: x.memberType,
      ruleSet: {
        ...rules(x.memberType),
        onlineCap: x.onlineCap,
        requiredBeforeElective: x.requiredBeforeElective,
      },
      requirement: { total: x.total, ethics: x.ethicsMin, faceToFace: 0 },
      standing: { online: x.online, ethics: x.ethics, faceToFace: x.faceToFace, output: x.output },
      lessons: x.lessons.map((l, i) => ({
        ...l,
        lessonId: i + 1,
        // an evaluated lesson was completed first
        completed: l.completed || l.evaluated,
        watchedSeconds: Math.min(l.watchedSeconds, l.durationSeconds),
      })),
      playbackRate: x.rate,
      completionShare: x.share,
    }),
  );

describe('学习计划 planner against brute force', () => {
  it('is feasible under every rule and equal to the brute-force optimum', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(arbInput, (p) => {
        const plan = planStudy(p);
        const byId = new Map(p.lessons.map((l) => [l.lessonId, l]));
        const picked = plan.lessons.map((l) => byId.get(l.lessonId) as PlanLessonInput);
        // feasible: only open lessons, each once, every free one first, required before elective
        expect(new Set(picked.map((l) => l.lessonId)).size).toBe(picked.length);
        expect(picked.every((l) => !l.evaluated)).toBe(true);
        const free = p.lessons.filter((l) => l.completed && !l.evaluated).map((l) => l.lessonId);
        expect(plan.lessons.slice(0, free.length).map((l) => l.lessonId)).toEqual(free);
        expect(plan.lessons.filter((l) => l.evaluateOnly).every((l) => l.seconds === 0)).toBe(true);
        expect(
          feasible(
            p,
            picked.filter((l) => !l.completed),
          ),
        ).toBe(true);
        // optimal
        const got = objectiveOf(plan.target, plan.totalHundredths, plan.ethicsHundredths, plan.totalSeconds);
        expect(got).toEqual(bruteForce(p));
        expect(plan.countedHundredths).toBe(got[0]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('学习计划 scenarios', () => {
  it('a practicing member: video brings 24 of the 40 hours, with 4 ethics hours, the rest is named', () => {
    const lessons = [
      ...Array.from({ length: 6 }, () => lesson({ courseId: 1, ethics: true, creditHundredths: 100 })),
      ...Array.from({ length: 20 }, () => lesson({ courseId: 2, creditHundredths: 100 })),
      ...Array.from({ length: 30 }, () => lesson({ courseId: 3, kind: 'elective', creditHundredths: 100 })),
    ];
    const plan = planStudy(input({ lessons }));
    expect(plan.target).toEqual({ hours: 2400, ethics: 400 });
    expect(plan.countedHundredths).toBe(2400);
    expect(plan.ethicsHundredths).toBeGreaterThanOrEqual(400);
    // required lessons alone give 26 hours: no elective is needed
    expect(plan.lessons.every((l) => l.kind === 'required')).toBe(true);
    expect(plan.lessons).toHaveLength(24);
    expect(plan.unmet).toEqual([
      expect.objectContaining({
        kind: 'online_cap',
        hundredths: 1600,
        what: expect.stringContaining('24 学时'),
      }),
    ]);
    const options = plan.unmet[0]?.options ?? [];
    expect(options[0]).toContain('面授');
    expect(options.some((o) => o.includes('第十八条') && o.includes('年度最多'))).toBe(true);
    expect(plan.closes).toBe(false);
    expect(plan.payFirst).toBe(false);
  });

  it('a non-practicing member with an unpaid fee pays first, then video closes the whole shortfall', () => {
    const lessons = [
      ...Array.from({ length: 4 }, () => lesson({ courseId: 1, creditHundredths: 200 })),
      ...Array.from({ length: 40 }, (_, i) =>
        lesson({ courseId: 2, kind: 'elective', creditHundredths: 100, durationSeconds: 1000 + i }),
      ),
    ];
    const plan = planStudy(
      input({
        memberType: 'non_practicing',
        ruleSet: rules('non_practicing'),
        requirement: requirementOf('non_practicing'),
        lessons,
        feePaid: false,
      }),
    );
    expect(plan.payFirst).toBe(true);
    expect(plan.countedHundredths).toBe(4000);
    expect(plan.unmet).toEqual([]);
    expect(plan.closes).toBe(true);
    // every required lesson, then the 32 shortest electives
    expect(plan.lessons.filter((l) => l.kind === 'required')).toHaveLength(4);
    const electiveSeconds = plan.lessons.filter((l) => l.kind === 'elective').map((l) => l.seconds);
    expect(electiveSeconds).toEqual(Array.from({ length: 32 }, (_, i) => 1000 + i));
  });

  it('takes completed but unevaluated lessons first at no cost, and skips evaluated ones', () => {
    const done = lesson({ completed: true, watchedSeconds: 2700, creditHundredths: 150 });
    const evaluated = lesson({ completed: true, evaluated: true });
    const plan = planStudy(input({ lessons: [lesson(), done, evaluated] }));
    expect(plan.lessons[0]).toMatchObject({ lessonId: done.lessonId, seconds: 0, evaluateOnly: true });
    expect(plan.lessons.map((l) => l.lessonId)).not.toContain(evaluated.lessonId);
  });

  it('counts watched seconds, the completion share and the playback rate in a lesson’s cost', () => {
    expect(remainingSeconds({ durationSeconds: 2700, watchedSeconds: 700, completed: false }, 1, 1)).toBe(
      2000,
    );
    expect(remainingSeconds({ durationSeconds: 2700, watchedSeconds: 700, completed: false }, 0.8, 2)).toBe(
      730,
    );
    expect(remainingSeconds({ durationSeconds: 2700, watchedSeconds: 2700, completed: true }, 1, 1)).toBe(0);
  });

  it('says when the catalogue cannot close the shortfall and when ethics lessons run out', () => {
    const plan = planStudy(input({ lessons: [lesson({ ethics: true, creditHundredths: 150 }), lesson()] }));
    expect(plan.unmet.map((u) => [u.kind, u.hundredths])).toEqual([
      ['online_cap', 1600],
      ['catalogue', 2400 - 250],
      ['ethics', 250],
    ]);
    expect(plan.unmet[2]?.options[0]).toContain('职业道德');
  });

  it('lists actual training notices and a provincial face-to-face minimum', () => {
    const plan = planStudy(
      input({
        lessons: [],
        ruleSet: { ...rules('practicing'), faceToFaceMinimum: 1600 },
        requirement: { total: 4000, ethics: 400, faceToFace: 1600 },
        standing: { ...nothing, faceToFace: 400 },
        trainings: ['2025年审计准则面授培训（6月）'],
      }),
    );
    const f2f = plan.unmet.find((u) => u.kind === 'face_to_face');
    expect(f2f).toMatchObject({ hundredths: 1200 });
    expect(f2f?.options).toContain('面授培训：2025年审计准则面授培训（6月）');
  });

  it('plans nothing when the year is already met', () => {
    const plan = planStudy(
      input({ lessons: [lesson()], standing: { online: 2400, ethics: 400, faceToFace: 1600, output: 0 } }),
    );
    expect(plan.lessons).toEqual([]);
    expect(plan.closes).toBe(true);
  });

  it('solves the largest catalogue tried (240 lessons, credits in hundredths) exactly', {
    timeout: 180_000,
  }, () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const lessons = Array.from({ length: 240 }, (_, i) =>
      lesson({
        courseId: 1 + Math.floor(i / 8),
        kind: i < 40 ? 'required' : 'elective',
        ethics: random() < 0.15,
        creditHundredths: 1 + Math.floor(random() * 150),
        durationSeconds: 300 + Math.floor(random() * 3000),
      }),
    );
    const started = performance.now();
    const plan = planStudy(input({ lessons }));
    const ms = performance.now() - started;
    const states = plan.runs.map((r) => `${r.name}: ${r.states} states x ${r.items} lessons`).join('; ');
    console.info(`planner, 240 lessons, practicing, nothing yet: ${states}; ${ms.toFixed(0)} ms`);
    expect(plan.runs.map((r) => r.states)).toEqual([2401 * 401, 2401 * 401]);
    expect(plan.countedHundredths).toBe(2400);
    expect(plan.ethicsHundredths).toBeGreaterThanOrEqual(400);
    // the required-before-elective rule: an elective means every required lesson is in
    if (plan.lessons.some((l) => l.kind === 'elective')) {
      expect(plan.lessons.filter((l) => l.kind === 'required')).toHaveLength(40);
    }
  });

  it('keeps the state space small for credits in half hours (a real catalogue)', () => {
    const lessons = Array.from({ length: 240 }, (_, i) =>
      lesson({
        kind: i < 40 ? 'required' : 'elective',
        ethics: i % 9 === 0,
        creditHundredths: 50 * (1 + (i % 4)),
      }),
    );
    const started = performance.now();
    const plan = planStudy(input({ lessons }));
    const ms = performance.now() - started;
    console.info(
      `planner, 240 lessons in half hours: ${plan.runs.map((r) => `${r.name}: ${r.states} states`).join('; ')}; ${ms.toFixed(0)} ms`,
    );
    expect(plan.runs[0]?.states).toBe(49 * 9);
    expect(plan.countedHundredths).toBe(2400);
  });
});

describe('学习计划 forecast', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  const closedAt = new Date('2025-12-31T16:00:00Z');
  const weeks = (closedAt.getTime() - now.getTime()) / (7 * 86_400_000);

  it('without activity gives no pace and the minutes per week the rest of the year needs', () => {
    const f = forecastPlan({
      remainingSeconds: 600 * 60,
      watchedSeconds: 0,
      firstActivityAt: null,
      now,
      closedAt,
    });
    expect(f.paceMinutesPerWeek).toBeNull();
    expect(f.onTrack).toBeNull();
    expect(f.neededMinutesPerWeek).toBe(Math.ceil((600 / weeks) * 10) / 10);
  });

  it('finishes before the window closes at a good pace, and warns at a slow one', () => {
    const started = new Date('2025-05-04T00:00:00Z'); // four weeks ago
    const fast = forecastPlan({
      remainingSeconds: 600 * 60,
      watchedSeconds: 400 * 60,
      firstActivityAt: started,
      now,
      closedAt,
    });
    expect(fast.paceMinutesPerWeek).toBe(100);
    expect(fast.finishAt?.toISOString()).toBe('2025-07-13T00:00:00.000Z');
    expect(fast.onTrack).toBe(true);
    const slow = forecastPlan({
      remainingSeconds: 6000 * 60,
      watchedSeconds: 40 * 60,
      firstActivityAt: started,
      now,
      closedAt,
    });
    expect(slow.paceMinutesPerWeek).toBe(10);
    expect(slow.onTrack).toBe(false);
    expect(slow.neededMinutesPerWeek).toBeGreaterThan(10);
  });

  it('is on track with nothing left, and off track when the window has closed', () => {
    expect(
      forecastPlan({ remainingSeconds: 0, watchedSeconds: 0, firstActivityAt: null, now, closedAt }).onTrack,
    ).toBe(true);
    const late = forecastPlan({
      remainingSeconds: 60,
      watchedSeconds: 0,
      firstActivityAt: null,
      now: closedAt,
      closedAt,
    });
    expect(late).toMatchObject({ onTrack: false, neededMinutesPerWeek: null });
  });
});
