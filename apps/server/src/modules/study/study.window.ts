import {
  defaultStudyWindow,
  type ResolvedRuleSet,
  resolveRuleSet,
  type StudyWindowState,
  studyWindowState,
} from '@cpe/rules';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import { currentRuleSets } from '../rules/rules.repository.ts';

// The year's rule sets are cached this long, like the lesson facts: heartbeats then read nothing more.
const RULES_CACHE_MS = 60_000;

/**
 * When the lessons of a year can be watched and evaluated: the study window of the member's rule set
 * (with the province's overlay) in the year's rule data in force. A year without published rules keeps
 * the default window (the calendar year, Asia/Shanghai).
 */
export function studyWindows({ db, clock }: Pick<Deps, 'clock'> & { db: Executor }) {
  type Window = Pick<ResolvedRuleSet, 'studyWindow' | 'timeZone'>;
  // Per year: its rule data, and the window resolved from it per member type and province (resolving
  // clones the whole rule set, too slow for every heartbeat).
  const cache = new Map<
    number,
    { at: number; data: Awaited<ReturnType<typeof currentRuleSets>>; windows: Map<string, Window> }
  >();
  async function yearOf(year: number) {
    const now = clock.now().getTime();
    const hit = cache.get(year);
    if (hit && Math.abs(now - hit.at) < RULES_CACHE_MS) return hit;
    const entry = { at: now, data: await currentRuleSets(db, year), windows: new Map<string, Window>() };
    cache.set(year, entry);
    return entry;
  }

  async function state(member: MemberPrincipal, year: number): Promise<StudyWindowState> {
    const { data, windows } = await yearOf(year);
    const key = `${member.memberType} ${member.provinceCode}`;
    let set = windows.get(key);
    if (!set) {
      set = data?.ruleSets.some((r) => r.year === year && r.memberType === member.memberType)
        ? resolveRuleSet(data, { year, memberType: member.memberType, province: member.provinceCode })
        : { studyWindow: defaultStudyWindow(year), timeZone: 'Asia/Shanghai' };
      windows.set(key, set);
    }
    return studyWindowState(set, clock.now());
  }

  return {
    state,
    /** 409 STUDY_WINDOW_CLOSED after the window, 409 STUDY_WINDOW_NOT_OPEN before it. */
    async assertOpen(member: MemberPrincipal, year: number) {
      const { status, window } = await state(member, year);
      if (status === 'closed') {
        throw new AppError(
          'STUDY_WINDOW_CLOSED',
          `${year}年度的学习已于 ${window.closes} 结束，本年度课程不能再观看或评价`,
        );
      }
      if (status === 'not_open') {
        throw new AppError('STUDY_WINDOW_NOT_OPEN', `${year}年度的课程自 ${window.opens} 起开放学习`);
      }
    },
  };
}
