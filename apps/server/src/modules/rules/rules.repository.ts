import type { RuleData } from '@cpe/rules';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { ruleVersions, staff } from '../../db/schema/index.ts';

export async function currentRuleVersion(db: Executor, year: number) {
  const [row] = await db
    .select({ v: ruleVersions, publisher: staff.name })
    .from(ruleVersions)
    .leftJoin(staff, eq(staff.id, ruleVersions.publishedBy))
    .where(eq(ruleVersions.year, year))
    .orderBy(desc(ruleVersions.version))
    .limit(1);
  return row ? { ...row.v, publisher: row.publisher } : null;
}

export async function ruleVersionAt(db: Executor, year: number, version: number) {
  const [row] = await db
    .select({ v: ruleVersions, publisher: staff.name })
    .from(ruleVersions)
    .leftJoin(staff, eq(staff.id, ruleVersions.publishedBy))
    .where(and(eq(ruleVersions.year, year), eq(ruleVersions.version, version)));
  return row ? { ...row.v, publisher: row.publisher } : null;
}

/** The rule sets and overlays of the year's version in force: what the study window is read from. */
export async function currentRuleSets(
  db: Executor,
  year: number,
): Promise<Pick<RuleData, 'ruleSets' | 'overlays'> | null> {
  const { rows } = await db.execute<{ data: Pick<RuleData, 'ruleSets' | 'overlays'> }>(sql`
    SELECT jsonb_build_object('ruleSets', data->'ruleSets', 'overlays', data->'overlays') AS data
    FROM rule_versions WHERE year = ${year} ORDER BY version DESC LIMIT 1`);
  const data = rows[0]?.data;
  return data ? (typeof data === 'string' ? JSON.parse(data) : data) : null;
}

export const listRuleVersions = (db: Executor, year: number) =>
  db
    .select({
      year: ruleVersions.year,
      version: ruleVersions.version,
      note: ruleVersions.note,
      publishedAt: ruleVersions.publishedAt,
      publisher: staff.name,
    })
    .from(ruleVersions)
    .leftJoin(staff, eq(staff.id, ruleVersions.publishedBy))
    .where(eq(ruleVersions.year, year))
    .orderBy(desc(ruleVersions.version));

export const listRuleYears = async (db: Executor) =>
  (await db.selectDistinct({ year: ruleVersions.year }).from(ruleVersions)).map((r) => r.year);

/** Inserts a version; the primary key (year, version) makes a concurrent publish of the same number fail. */
export async function insertRuleVersion(
  db: Executor,
  v: { year: number; version: number; data: RuleData; note: string; publishedBy: number | null; at: Date },
) {
  await db.insert(ruleVersions).values({
    year: v.year,
    version: v.version,
    data: v.data,
    note: v.note,
    publishedBy: v.publishedBy,
    publishedAt: v.at,
  });
}
