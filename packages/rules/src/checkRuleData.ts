import { RuleInputError } from './errors.ts';
import { evaluate } from './evaluate.ts';
import { formatHours } from './hours.ts';
import { isTimeZone } from './studyWindow.ts';
import { MEMBER_TERMS } from './terms.ts';
import { MEMBER_TYPES, type RuleData, type RuleSet } from './types.ts';
import { isIsoDate } from './validate.ts';

/**
 * What the schema cannot say about one year's rule data before it is published: one rule set per
 * member type for that year, real dates, known time zones, minimums within the total, a study window
 * that makes sense, and data the engine can evaluate. Returns every problem as one Chinese sentence
 * naming the entry and the field; an empty list means the data can be published.
 */
export function ruleDataProblems(data: RuleData, year: number): string[] {
  const problems: string[] = [];
  for (const type of MEMBER_TYPES) {
    const sets = data.ruleSets.filter((r) => r.memberType === type);
    if (sets.length !== 1 || sets[0]!.year !== year) {
      problems.push(`${year} 年度必须且只能有一个${MEMBER_TERMS[type].memberLabel}规则`);
    }
  }
  for (const set of data.ruleSets) {
    problems.push(
      ...figureProblems(`${set.year} 年度${MEMBER_TERMS[set.memberType].memberLabel}规则`, set, year),
    );
  }
  for (const overlay of data.overlays) {
    const who = `地方规则「${overlay.name}」`;
    if (overlay.activeTo !== null && overlay.activeTo < overlay.activeFrom) {
      problems.push(`${who}的终止年度（${overlay.activeTo}）早于起始年度（${overlay.activeFrom}）`);
    }
    for (const type of overlay.memberTypes) {
      const base = data.ruleSets.find((r) => r.memberType === type && r.year === year);
      if (!base) continue;
      const label = `${who}调整后的${MEMBER_TERMS[type].memberLabel}规则`;
      problems.push(...figureProblems(label, { ...base, ...overlay.patch }, year));
    }
  }
  const codes = data.catalogue.map((c) => c.code);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) problems.push(`产出项目 ${duplicate} 重复`);
  for (const entry of [...data.catalogue, ...data.exemptionGrounds]) {
    if (entry.activeTo !== null && entry.activeTo < entry.activeFrom) {
      const what = 'rate' in entry ? `产出项目 ${entry.code}` : `豁免（减免）事由 ${entry.code}`;
      problems.push(`${what}的终止年度（${entry.activeTo}）早于起始年度（${entry.activeFrom}）`);
    }
  }
  if (problems.length === 0) problems.push(...sampleProblems(data, year));
  return [...new Set(problems)];
}

const hours = (h: number) => `${formatHours(h)} 学时`;

function figureProblems(label: string, set: RuleSet, year: number): string[] {
  const problems: string[] = [];
  if (set.year !== year) problems.push(`${label}：规则年度应为 ${year}`);
  if (!isTimeZone(set.timeZone)) {
    problems.push(`${label}：时区「${set.timeZone}」无法识别，应为 IANA 时区名称，如 Asia/Shanghai`);
  }
  if (set.ethicsMinimum > set.minimumTotal) {
    problems.push(
      `${label}：职业道德最低学时（${hours(set.ethicsMinimum)}）不能大于年度最低学时（${hours(set.minimumTotal)}）`,
    );
  }
  if (set.faceToFaceMinimum !== null && set.faceToFaceMinimum > set.minimumTotal) {
    problems.push(
      `${label}：面授最低学时（${hours(set.faceToFaceMinimum)}）不能大于年度最低学时（${hours(set.minimumTotal)}）`,
    );
  }
  const cutoff = set.midYearReduction?.cutoff;
  if (cutoff !== undefined && !isIsoDate(`${year}-${cutoff}`)) {
    problems.push(`${label}：年中入会的起算日 ${cutoff} 在 ${year} 年不是有效日期`);
  }
  problems.push(...windowProblems(label, set.studyWindow, year));
  return problems;
}

function windowProblems(label: string, window: RuleSet['studyWindow'], year: number): string[] {
  const { opens, closes } = window;
  const bad = [
    isIsoDate(opens) ? null : `学习开始日期 ${opens} 不是有效日期`,
    isIsoDate(closes) ? null : `学习截止日期 ${closes} 不是有效日期`,
  ].filter((p) => p !== null);
  if (bad.length > 0) return bad.map((p) => `${label}：${p}`);
  // ISO dates compare as strings.
  if (opens > closes) return [`${label}：学习开始日期（${opens}）晚于学习截止日期（${closes}）`];
  const problems: string[] = [];
  if (opens < `${year}-01-01` || opens > `${year}-12-31`) {
    problems.push(`${label}：学习开始日期（${opens}）应在 ${year} 年内`);
  }
  if (closes > `${year + 1}-12-31`) {
    problems.push(`${label}：学习截止日期（${closes}）不能晚于 ${year + 1}-12-31`);
  }
  return problems;
}

/** A member of each type with nothing recorded must be evaluable: the data is usable at all. */
function sampleProblems(data: RuleData, year: number): string[] {
  try {
    for (const type of MEMBER_TYPES) {
      evaluate(
        {
          year,
          member: { type, registeredOn: `${year - 5}-01-01` },
          online: [],
          faceToFace: [],
          claims: [],
          exemptions: [],
        },
        data,
      );
    }
    return [];
  } catch (e) {
    if (e instanceof RuleInputError) return [`规则数据无法使用：${e.message}`];
    throw e;
  }
}
