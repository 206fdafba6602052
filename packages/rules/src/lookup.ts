import { RuleInputError } from './errors.ts';
import { MEMBER_TERMS } from './terms.ts';
import type {
  CatalogueItem,
  ExemptionGround,
  MemberType,
  ResolvedRuleSet,
  RuleData,
  RuleSetOverlay,
} from './types.ts';

export interface RuleSetQuery {
  year: number;
  memberType: MemberType;
  /** the member's province code; an overlay for it (if any) is applied */
  province?: string | null;
}

function activeIn(entry: { activeFrom: number; activeTo: number | null }, year: number): boolean {
  return entry.activeFrom <= year && (entry.activeTo === null || year <= entry.activeTo);
}

/** Highest version wins when the data holds several entries for the same slot. */
function latest<T extends { version: number }>(entries: T[]): T | undefined {
  return entries.reduce<T | undefined>(
    (best, e) => (best && best.version >= e.version ? best : e),
    undefined,
  );
}

/** The national rule set of a year and member type, with the province's overlay applied. */
export function resolveRuleSet(
  data: Pick<RuleData, 'ruleSets' | 'overlays'>,
  query: RuleSetQuery,
): ResolvedRuleSet {
  const { year, memberType } = query;
  const base = latest(data.ruleSets.filter((s) => s.year === year && s.memberType === memberType));
  if (!base) {
    throw new RuleInputError(`没有 ${year} 年度${MEMBER_TERMS[memberType].memberLabel}的学时规则`);
  }
  const province = query.province ?? null;
  const overlay = province === null ? undefined : findOverlay(data.overlays, province, year, memberType);
  if (!overlay) return { ...structuredClone(base), province, overlay: null };
  return {
    ...structuredClone(base),
    ...structuredClone(overlay.patch),
    confidence: { ...base.confidence, ...overlay.confidence },
    province,
    overlay: { province: overlay.province, version: overlay.version },
  };
}

function findOverlay(
  overlays: RuleSetOverlay[],
  province: string,
  year: number,
  memberType: MemberType,
): RuleSetOverlay | undefined {
  return latest(
    overlays.filter(
      (o) => o.province === province && o.memberTypes.includes(memberType) && activeIn(o, year),
    ),
  );
}

/** The catalogue item of a code for a member type and year; throws naming what is wrong. */
export function findCatalogueItem(
  catalogue: readonly CatalogueItem[],
  code: string,
  memberType: MemberType,
  year: number,
): CatalogueItem {
  const versions = catalogue.filter((i) => i.code === code);
  if (versions.length === 0) throw new RuleInputError(`未知的产出项目代码：${code}`);
  const forMember = versions.filter((i) => i.memberTypes.includes(memberType));
  if (forMember.length === 0) {
    throw new RuleInputError(`产出项目 ${code} 不适用于${MEMBER_TERMS[memberType].memberLabel}`);
  }
  const item = latest(forMember.filter((i) => activeIn(i, year)));
  if (!item) throw new RuleInputError(`产出项目 ${code} 在 ${year} 年度不适用`);
  return item;
}

/** The exemption ground of a code for a member type and year; throws naming what is wrong. */
export function findExemptionGround(
  grounds: readonly ExemptionGround[],
  code: string,
  memberType: MemberType,
  year: number,
): ExemptionGround {
  const versions = grounds.filter((g) => g.code === code);
  if (versions.length === 0) throw new RuleInputError(`未知的豁免（减免）事由：${code}`);
  const forMember = versions.filter((g) => g.memberTypes.includes(memberType));
  if (forMember.length === 0) {
    throw new RuleInputError(`豁免（减免）事由 ${code} 不适用于${MEMBER_TERMS[memberType].memberLabel}`);
  }
  const ground = latest(forMember.filter((g) => activeIn(g, year)));
  if (!ground) throw new RuleInputError(`豁免（减免）事由 ${code} 在 ${year} 年度不适用`);
  return ground;
}
