import { claimStatuses, exemptionStatuses } from '@cpe/shared';
import { bigserial, date, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

// Drizzle mirrors of migrations/0010_claims.sql (the SQL file is the source of truth).
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const evidenceContentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const outputClaims = pgTable('output_claims', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull(),
  year: integer('year').notNull(),
  item: text('item').notNull(),
  itemVersion: integer('item_version').notNull(),
  unitsHundredths: integer('units_hundredths').notNull(),
  details: jsonb('details').notNull(),
  uniqueTokens: jsonb('unique_tokens').notNull(),
  status: text('status', { enum: claimStatuses }).notNull(),
  computedHundredths: integer('computed_hundredths'),
  grantedHundredths: integer('granted_hundredths'),
  ruleSetVersion: integer('rule_set_version'),
  reviewerId: integer('reviewer_id'),
  reviewComment: text('review_comment'),
  submittedAt: tz('submitted_at'),
  decidedAt: tz('decided_at'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const exemptionRequests = pgTable('exemption_requests', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull(),
  year: integer('year').notNull(),
  ground: text('ground').notNull(),
  groundVersion: integer('ground_version').notNull(),
  periodFrom: date('period_from').notNull(),
  periodTo: date('period_to').notNull(),
  note: text('note').notNull(),
  status: text('status', { enum: exemptionStatuses }).notNull(),
  ruleSetVersion: integer('rule_set_version'),
  reviewerId: integer('reviewer_id'),
  reviewComment: text('review_comment'),
  submittedAt: tz('submitted_at'),
  decidedAt: tz('decided_at'),
  createdAt: tz('created_at').notNull(),
  updatedAt: tz('updated_at').notNull(),
});

export const evidenceFiles = pgTable('evidence_files', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id').notNull(),
  claimId: integer('claim_id'),
  exemptionId: integer('exemption_id'),
  fileName: text('file_name').notNull(),
  storageKey: text('storage_key').notNull().unique(),
  contentType: text('content_type', { enum: evidenceContentTypes }).notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: tz('created_at').notNull(),
});

export const reviewDecisions = pgTable('review_decisions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  subjectType: text('subject_type', { enum: ['claim', 'exemption'] }).notNull(),
  subjectId: integer('subject_id').notNull(),
  action: text('action', { enum: ['approve', 'reject', 'return', 'reverse'] }).notNull(),
  staffId: integer('staff_id').notNull(),
  grantedHundredths: integer('granted_hundredths'),
  comment: text('comment').notNull(),
  ruleSetVersion: integer('rule_set_version').notNull(),
  decidedAt: tz('decided_at').notNull(),
});

export const memberMessages = pgTable('member_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  memberId: integer('member_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  link: text('link'),
  createdAt: tz('created_at').notNull(),
  readAt: tz('read_at'),
});
