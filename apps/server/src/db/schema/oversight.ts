import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const complianceStatuses = ['compliant', 'short', 'exempt'] as const;
export const exportReports = ['compliance', 'members', 'audit', 'orders', 'claims'] as const;
export const exportStatuses = ['queued', 'running', 'done', 'failed', 'expired'] as const;

/** The rules applied to each member's year (dashboard source), refreshed by a job, frozen at year close. */
export const complianceStatus = pgTable(
  'compliance_status',
  {
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    status: text('status', { enum: complianceStatuses }).notNull(),
    memberType: text('member_type').notNull(),
    provinceCode: text('province_code').notNull(),
    instituteId: integer('institute_id'),
    creditedHundredths: integer('credited_hundredths').notNull(),
    requiredHundredths: integer('required_hundredths').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    completedAt: tz('completed_at'),
    refreshedAt: tz('refreshed_at').notNull(),
    frozen: boolean('frozen').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year] })],
);

export const complianceRefresh = pgTable('compliance_refresh', {
  year: integer('year').primaryKey(),
  ledgerWatermark: bigint('ledger_watermark', { mode: 'number' }).notNull(),
  refreshedAt: tz('refreshed_at').notNull(),
});

export const exportJobs = pgTable('exports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  report: text('report', { enum: exportReports }).notNull(),
  filters: jsonb('filters').notNull(),
  scopeProvince: text('scope_province'),
  status: text('status', { enum: exportStatuses }).notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  totalRows: integer('total_rows'),
  writtenRows: integer('written_rows').notNull().default(0),
  fileName: text('file_name'),
  error: text('error'),
  requestedBy: integer('requested_by').notNull(),
  requestedAt: tz('requested_at').notNull(),
  startedAt: tz('started_at'),
  finishedAt: tz('finished_at'),
});

export const memberImportStatuses = ['queued', 'running', 'done', 'failed'] as const;

export const memberImports = pgTable('member_imports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  dryRun: boolean('dry_run').notNull(),
  status: text('status', { enum: memberImportStatuses }).notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  fileName: text('file_name').notNull(),
  totalRows: integer('total_rows'),
  createdCount: integer('created_count'),
  updatedCount: integer('updated_count'),
  unchangedCount: integer('unchanged_count'),
  errorCount: integer('error_count').notNull().default(0),
  errors: jsonb('errors').notNull().default([]),
  error: text('error'),
  requestedBy: integer('requested_by').notNull(),
  requestedIp: text('requested_ip'),
  requestedAt: tz('requested_at').notNull(),
  startedAt: tz('started_at'),
  finishedAt: tz('finished_at'),
});

export const certificates = pgTable(
  'certificates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull().unique(),
    memberId: integer('member_id').notNull(),
    year: integer('year').notNull(),
    totalHundredths: integer('total_hundredths').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    issuedAt: tz('issued_at').notNull(),
    revokedAt: tz('revoked_at'),
  },
  (t) => [uniqueIndex('certificates_live_idx').on(t.memberId, t.year).where(sql`revoked_at IS NULL`)],
);

export const yearClosures = pgTable('year_closures', {
  year: integer('year').primaryKey(),
  status: text('status', { enum: ['closed', 'reopened'] }).notNull(),
  ruleVersion: integer('rule_version').notNull(),
  closedAt: tz('closed_at').notNull(),
  closedBy: integer('closed_by').notNull(),
  reopenedAt: tz('reopened_at'),
  reopenedBy: integer('reopened_by'),
  reopenReason: text('reopen_reason'),
});
