import type { JobDefinition } from '../../jobs/registry.ts';
import { syncLessonHours } from './sync.service.ts';

/** 02:00 Asia/Shanghai: yesterday's evaluated lessons become hours (学时次日可查询). */
export const dailySyncJob: JobDefinition = {
  name: 'daily-sync',
  schedule: '0 2 * * *',
  description: '把已评价的课节学时记入学时台账（每个课节只记一次）',
  run: (deps) => syncLessonHours(deps),
};
