import type { MemberType, RuleSet, StudyWindow } from '../types.ts';

/**
 * The national rule sets from 2022, when the current rules took effect (docs/domain.md 3.1).
 * One default definition per member type; every year is built from it, and a year that really
 * differs gets an entry in YEAR_OVERRIDES instead of a copy of the whole set.
 */

export const FIRST_RULE_YEAR = 2022;
export const LAST_RULE_YEAR = 2027;

type Definition = Omit<RuleSet, 'year' | 'memberType' | 'studyWindow'>;
/** year -> member type -> changed fields (bump `version` along with any figure) */
type YearOverrides = Partial<
  Record<number, Partial<Record<MemberType, Partial<Definition & Pick<RuleSet, 'studyWindow'>>>>>
>;

/** The lessons of year Y can be watched and evaluated from 1 January to 31 December of Y. */
export const defaultStudyWindow = (year: number): StudyWindow => ({
  opens: `${year}-01-01`,
  closes: `${year}-12-31`,
});

const COMMON: Omit<Definition, 'ethicsMinimum' | 'onlineCap' | 'faceToFaceMinimum' | 'feeRequired'> = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  minimumTotal: 4000,
  outputCap: 3200,
  carryOver: false,
  defaultFeeFen: null,
  minutesPerHour: 45,
  oneInstitutePerYear: true,
  requiredBeforeElective: true,
  evaluationRequired: true,
  midYearReduction: { cutoff: '07-01', effect: { kind: 'halve' } },
  confidence: {},
};

const COMMON_CONFIDENCE = {
  timeZone: 'H',
  minimumTotal: 'H',
  outputCap: 'L', // the '/32学时' figure on the claim screen; not confirmed to be a cap
  carryOver: 'H',
  feeRequired: 'H',
  minutesPerHour: 'M',
  oneInstitutePerYear: 'H',
  requiredBeforeElective: 'H',
  evaluationRequired: 'H',
  'midYearReduction.cutoff': 'H',
  'midYearReduction.effect': 'L',
  studyWindow: 'M', // the calendar year; a year whose lessons close earlier or later says so here
} as const;

const DEFAULTS: Record<MemberType, Definition> = {
  practicing: {
    ...COMMON,
    ethicsMinimum: 400,
    onlineCap: 2400,
    faceToFaceMinimum: null,
    feeRequired: false,
    confidence: {
      ...COMMON_CONFIDENCE,
      ethicsMinimum: 'H',
      onlineCap: 'H',
      faceToFaceMinimum: 'M',
      defaultFeeFen: 'H',
    },
  },
  non_practicing: {
    ...COMMON,
    ethicsMinimum: 0,
    onlineCap: null,
    faceToFaceMinimum: null,
    feeRequired: true,
    defaultFeeFen: 8000,
    confidence: {
      ...COMMON_CONFIDENCE,
      ethicsMinimum: 'U',
      onlineCap: 'U',
      faceToFaceMinimum: 'M',
      defaultFeeFen: 'U',
    },
  },
};

/** Per-year differences from the defaults. Empty: no year from 2022 to 2027 is known to differ. */
const YEAR_OVERRIDES: YearOverrides = {};

/** Builds one rule set per year and member type from a default definition plus overrides. */
export function buildRuleSets(
  defaults: Record<MemberType, Definition>,
  fromYear: number,
  toYear: number,
  overrides: YearOverrides = {},
): RuleSet[] {
  const sets: RuleSet[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const memberType of Object.keys(defaults) as MemberType[]) {
      const patch = overrides[year]?.[memberType] ?? {};
      sets.push(
        structuredClone({
          year,
          memberType,
          ...defaults[memberType],
          studyWindow: defaultStudyWindow(year),
          ...patch,
        }),
      );
    }
  }
  return sets;
}

export function defaultRuleSets(): RuleSet[] {
  return buildRuleSets(DEFAULTS, FIRST_RULE_YEAR, LAST_RULE_YEAR, YEAR_OVERRIDES);
}
