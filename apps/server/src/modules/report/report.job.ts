import { shanghaiYear } from '../../clock.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import { hoursService } from '../hours/hours.service.ts';
import { rulesService } from '../rules/rules.service.ts';
import { reportService } from './report.service.ts';

/** After the daily sync: the compliance statuses of this year and last follow the ledger (incrementally). */
export const complianceRefreshJob: JobDefinition = {
  name: 'compliance-refresh',
  schedule: '30 2 * * *',
  description: '按学时台账的变化更新会员年度达标状态（报表数据）',
  async run(deps) {
    const rules = rulesService(deps);
    const reports = reportService(deps, rules, hoursService(deps, rules));
    const year = shanghaiYear(deps.clock.now());
    return { current: await reports.refresh(year), previous: await reports.refresh(year - 1) };
  },
};
