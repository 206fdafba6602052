import type { JobDefinition } from '../../jobs/registry.ts';
import { memberImportService } from './member-import.service.ts';
import { memberImportJobs } from './member-import-jobs.service.ts';

/** Picks up member imports queued while no process was working on them (a request also starts one). */
export const memberImportWorkerJob: JobDefinition = {
  name: 'member-import-worker',
  schedule: '* * * * *',
  description: '在后台校验并导入排队中的会员导入文件',
  run: (deps) => memberImportJobs(deps, memberImportService(deps)).runPending(),
};
