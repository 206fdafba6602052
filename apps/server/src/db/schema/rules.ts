import type { RuleData } from '@cpe/rules';
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const ruleVersions = pgTable(
  'rule_versions',
  {
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').$type<RuleData>().notNull(),
    note: text('note').notNull(),
    publishedBy: integer('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.version] })],
);
