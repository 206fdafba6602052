import {
  type CatalogueItem,
  claimRawHundredths,
  creditClaims,
  findCatalogueItem,
  fromHundredths,
  type MemberType,
  type ResolvedRuleSet,
  type RuleData,
  RuleInputError,
  resolveRuleSet,
} from '@cpe/rules';
import type { Executor } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { currentRuleVersion } from '../rules/rules.repository.ts';
import type { ClaimRow } from './claim.repository.ts';

/** The year's rule data as the member's type and province see it; a year without rules is refused. */
export async function yearRules(
  db: Executor,
  year: number,
  member: { memberType: MemberType; provinceCode: string },
): Promise<{ version: number; data: RuleData; ruleSet: ResolvedRuleSet }> {
  // Read on the caller's executor: inside a transaction, on that transaction.
  const loaded = await currentRuleVersion(db, year);
  if (!loaded) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
  const ruleSet = resolveRuleSet(loaded.data, {
    year,
    memberType: member.memberType,
    province: member.provinceCode,
  });
  return { ...loaded, ruleSet };
}

export function catalogueItem(
  data: RuleData,
  code: string,
  memberType: MemberType,
  year: number,
): CatalogueItem {
  try {
    return findCatalogueItem(data.catalogue, code, memberType, year);
  } catch (e) {
    if (e instanceof RuleInputError) throw new AppError('VALIDATION_FAILED', `产出项目不可用：${e.message}`);
    throw e;
  }
}

export function rawHundredths(item: CatalogueItem, unitsHundredths: number): number {
  try {
    return claimRawHundredths(item, unitsHundredths / 100);
  } catch (e) {
    if (e instanceof RuleInputError) throw new AppError('VALIDATION_FAILED', e.message);
    throw e;
  }
}

/** Output hours credited by the approved claims (with the hours granted), per item and in total. */
export function creditedByApproved(
  approved: ClaimRow[],
  data: RuleData,
  ruleSet: ResolvedRuleSet,
  memberType: MemberType,
): { output: number; byItem: Map<string, number> } {
  const claims = approved.flatMap((c) => {
    try {
      const item = findCatalogueItem(data.catalogue, c.item, memberType, c.year);
      return [{ item, units: c.unitsHundredths / 100, granted: c.grantedHundredths ?? 0 }];
    } catch {
      return [];
    }
  });
  const outcome = creditClaims(claims, ruleSet.outputCap);
  const byItem = new Map<string, number>();
  for (const r of outcome.claims) byItem.set(r.item.code, (byItem.get(r.item.code) ?? 0) + r.credited);
  return { output: outcome.output, byItem };
}

export const hoursOf = fromHundredths;
