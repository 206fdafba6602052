import { formatHours, type Hundredths } from './hours.ts';
import type { ExactOutcome } from './output.ts';
import type { ExactRequirement } from './requirement.ts';
import type { MemberTerms } from './terms.ts';

/** The Chinese lines that explain a decision; every figure goes through formatHours (24, 0.5). */

export function onlineCapReason(cap: Hundredths, cut: Hundredths): string {
  return `网络培训超出 ${formatHours(cap)} 学时上限的 ${formatHours(cut)} 学时不计入`;
}

export function itemCapReasons(outcome: ExactOutcome): string[] {
  return outcome.itemCuts.map(
    ({ item, cut }) =>
      `${item.article}超出年度上限 ${formatHours(item.yearlyCap)} 学时的 ${formatHours(cut)} 学时不计入`,
  );
}

export function outputCapReason(terms: MemberTerms, cap: Hundredths, cut: Hundredths): string {
  return `${terms.output}学时超出 ${formatHours(cap)} 学时上限的 ${formatHours(cut)} 学时不计入`;
}

export function pendingReason(online: Hundredths, claims: Hundredths): string | null {
  const parts: string[] = [];
  if (online > 0) parts.push(`${formatHours(online)} 学时网络学习待同步（次日可查询）`);
  if (claims > 0) parts.push(`${formatHours(claims)} 学时产出申请审核中`);
  return parts.length > 0 ? `另有 ${parts.join('，')}，尚未计入` : null;
}

/** The verdict line(s): what is still missing, or that the year is done. */
export function verdictReasons(requirement: ExactRequirement, shortfall: ExactRequirement): string[] {
  const { total, ethics, faceToFace } = shortfall;
  const lines: string[] = [];
  if (total > 0 && ethics > 0 && ethics <= total) {
    lines.push(`还需 ${formatHours(total)} 学时，其中职业道德 ${formatHours(ethics)} 学时`);
  } else {
    if (total > 0) lines.push(`还需 ${formatHours(total)} 学时`);
    if (ethics > 0 && total === 0) lines.push(`总学时已达到，职业道德学时还需 ${formatHours(ethics)} 学时`);
    // More ethics missing than total: ethics hours also count toward the total, so say both.
    if (ethics > 0 && total > 0) lines.push(`职业道德学时还需 ${formatHours(ethics)} 学时`);
  }
  if (faceToFace > 0) lines.push(`面授培训学时还需 ${formatHours(faceToFace)} 学时`);
  if (lines.length > 0) return lines;
  const nothingRequired = requirement.total === 0 && requirement.ethics === 0 && requirement.faceToFace === 0;
  return nothingRequired ? [] : ['已达到本年度学时要求'];
}
