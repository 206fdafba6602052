import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import { rulesService } from '../rules/rules.service.ts';
import { memberIdsAfter, upsertForecast } from './plan.repository.ts';
import { memberPlan } from './plan.service.ts';

const PAGE = 500;

/**
 * Computes and stores every active member's 学习计划 forecast of the current year, one member per
 * transaction (read, plan, upsert), in keyset pages of member ids. Running it again replaces each row
 * with the same figures, so a run killed midway or run twice leaves a consistent table.
 */
export async function forecastAll(deps: Deps, year = shanghaiYear(deps.clock.now())) {
  const loaded = await rulesService(deps).load(year);
  if (!loaded) return { year, members: 0, fallsShort: 0, skipped: 'no rules for the year' };
  const now = deps.clock.now();
  let cursor = 0;
  let members = 0;
  let fallsShort = 0;
  for (;;) {
    const ids = await memberIdsAfter(deps.db, cursor, PAGE);
    if (ids.length === 0) break;
    cursor = ids[ids.length - 1] as number;
    for (const id of ids) {
      const short = await deps.db.transaction(async (tx) => {
        const { forecast } = await memberPlan(tx, deps, loaded.data, id, year, now);
        await upsertForecast(tx, forecast);
        return forecast.fallsShort;
      });
      members += 1;
      if (short) fallsShort += 1;
    }
    if (ids.length < PAGE) break;
  }
  return { year, members, fallsShort };
}

/** 03:30 Asia/Shanghai, after the daily sync has posted yesterday's lessons. */
export const planForecastJob: JobDefinition = {
  name: 'plan-forecast',
  schedule: '30 3 * * *',
  description: '为每位会员计算本年度学习计划的完成预测（供中注协按地方注协查看预计不达标人数）',
  run: (deps) => forecastAll(deps),
};
