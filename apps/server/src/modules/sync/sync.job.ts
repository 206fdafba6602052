import type { JobDefinition } from '../../jobs/registry.ts';
import { syncLessonHours } from './sync.service.ts';

/** 02:00 Asia/Shanghai: yesterday's evaluated lessons and accepted integration records become hours (学时次日可查询). */
export const dailySyncJob: JobDefinition = {
  name: 'daily-sync',
  schedule: '0 2 * * *',
  description: '把已评价的课节和学院平台报送的学时记入学时台账（每条只记一次）',
  run: (deps) => syncLessonHours(deps),
};
