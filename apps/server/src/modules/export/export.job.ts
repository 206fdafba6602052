import type { JobDefinition } from '../../jobs/registry.ts';
import { exportService } from './export.service.ts';

/** Picks up exports queued while no process was working on them (a request also starts the worker). */
export const exportWorkerJob: JobDefinition = {
  name: 'export-worker',
  schedule: '* * * * *',
  description: '生成排队中的报表导出文件',
  run: (deps) => exportService(deps).runPending(),
};
