import type { Deps } from '../deps.ts';
import { exportWorkerJob } from '../modules/export/export.job.ts';
import { exportCleanupJob } from '../modules/export/export-cleanup.ts';
import { memberImportWorkerJob } from '../modules/member-import/member-import.job.ts';
import { paymentReconcileJob } from '../modules/payment/payment.job.ts';
import { planForecastJob } from '../modules/plan/plan.job.ts';
import { reminderCampaignJob } from '../modules/reminder/reminder.job.ts';
import { complianceRefreshJob } from '../modules/report/report.job.ts';
import { smsDispatchJob } from '../modules/sms/sms-dispatch.ts';
import { dailySyncJob } from '../modules/sync/sync.job.ts';
import { auditRetention, sessionCleanup } from './housekeeping.ts';

export interface JobDefinition {
  name: string;
  /** Cron expression in Asia/Shanghai, or null for jobs run only by hand (`cpe jobs run NAME`). */
  schedule: string | null;
  description: string;
  /** Must be idempotent: a job may run twice or be killed midway and run again. */
  run(deps: Deps): Promise<Record<string, unknown>>;
}

/** Every job of the system. Modules add theirs here. */
export const jobs: JobDefinition[] = [
  sessionCleanup,
  auditRetention,
  dailySyncJob,
  planForecastJob,
  smsDispatchJob,
  complianceRefreshJob,
  exportWorkerJob,
  exportCleanupJob,
  memberImportWorkerJob,
  paymentReconcileJob,
  reminderCampaignJob,
];

export const findJob = (name: string) => jobs.find((j) => j.name === name);
