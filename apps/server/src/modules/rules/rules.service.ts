import {
  type Decision,
  defaultRuleData,
  evaluate,
  FIRST_RULE_YEAR,
  LAST_RULE_YEAR,
  type RuleData,
  ruleDataProblems,
  uncertainFigures,
} from '@cpe/rules';
import type { PublishRulesRequest } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import {
  currentRuleVersion,
  insertRuleVersion,
  listRuleVersions,
  listRuleYears,
  ruleVersionAt,
} from './rules.repository.ts';

const activeIn = (year: number) => (x: { activeFrom: number; activeTo: number | null }) =>
  x.activeFrom <= year && (x.activeTo === null || year <= x.activeTo);

/** The part of the rule data that applies to one year: what a version of that year holds. */
export function ruleDataForYear(data: RuleData, year: number): RuleData {
  return {
    ruleSets: data.ruleSets.filter((r) => r.year === year),
    catalogue: data.catalogue.filter(activeIn(year)),
    exemptionGrounds: data.exemptionGrounds.filter(activeIn(year)),
    overlays: data.overlays.filter(activeIn(year)),
  };
}

/** Seeds version 1 of every year the package knows and the database does not; never touches published years. */
export async function seedDefaultRules(db: Executor, at: Date) {
  const known = new Set(await listRuleYears(db));
  const defaults = defaultRuleData();
  for (let year = FIRST_RULE_YEAR; year <= LAST_RULE_YEAR; year++) {
    if (known.has(year)) continue;
    await insertRuleVersion(db, {
      year,
      version: 1,
      data: ruleDataForYear(defaults, year),
      note: '内置默认规则（依据继续教育制度整理，标注 L/U 的数字待确认）',
      publishedBy: null,
      at,
    });
  }
}

type VersionRow = NonNullable<Awaited<ReturnType<typeof currentRuleVersion>>>;
const present = (row: VersionRow) => ({
  year: row.year,
  version: row.version,
  note: row.note,
  publishedAt: row.publishedAt.toISOString(),
  publishedBy: row.publisher,
  data: row.data,
  uncertain: uncertainFigures(row.data),
});

/** Checks the schema cannot express (see ruleDataProblems); every problem is named in the answer. */
function checkPublishable(year: number, data: RuleData) {
  const problems = ruleDataProblems(data, year);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `规则未发布：${problems.join('；')}`);
}

// Published versions by year:version; immutable, so shared by every rules service of the process.
const versionCache = new Map<string, Promise<RuleData | null>>();

export function rulesService({ db, clock }: Deps) {
  return {
    /** The rule data in force for a year and its version; decisions record the version. */
    async load(year: number): Promise<{ version: number; data: RuleData } | null> {
      const row = await currentRuleVersion(db, year);
      return row ? { version: row.version, data: row.data } : null;
    },

    /**
     * A published version's rule data. Versions never change (a trigger refuses it), so they are kept
     * in the process once read: a cache that is correct in every process, whatever the others publish.
     */
    async dataAt(year: number, version: number): Promise<RuleData | null> {
      const key = `${year}:${version}`;
      let hit = versionCache.get(key);
      if (!hit) {
        hit = ruleVersionAt(db, year, version).then((row) => row?.data ?? null);
        versionCache.set(key, hit);
        hit.catch(() => versionCache.delete(key));
      }
      return hit;
    },

    /** The decision under a given version of the year's rules (the caller read which is in force). */
    async evaluateAt(
      facts: Parameters<typeof evaluate>[0],
      version: number,
    ): Promise<Decision & { ruleVersion: number }> {
      const data = await this.dataAt(facts.year, version);
      if (!data) throw new AppError('NOT_FOUND', `${facts.year} 年度尚无学时规则`);
      return { ...evaluate(facts, data), ruleVersion: version };
    },

    async evaluate(facts: Parameters<typeof evaluate>[0]): Promise<Decision & { ruleVersion: number }> {
      const loaded = await this.load(facts.year);
      if (!loaded) throw new AppError('NOT_FOUND', `${facts.year} 年度尚无学时规则`);
      return { ...evaluate(facts, loaded.data), ruleVersion: loaded.version };
    },

    async current(year: number) {
      const row = await currentRuleVersion(db, year);
      if (!row) throw notFound(`${year} 年度规则`);
      return present(row);
    },

    async at(year: number, version: number) {
      const row = await ruleVersionAt(db, year, version);
      if (!row) throw notFound(`${year} 年度第 ${version} 版规则`);
      return present(row);
    },

    async versions(year: number) {
      const rows = await listRuleVersions(db, year);
      return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString(), publishedBy: r.publisher }));
    },

    /** Publishes a corrected version; refuses when someone else published since the admin's copy. */
    async publish(admin: StaffPrincipal, year: number, req: PublishRulesRequest, ip: string | null) {
      checkPublishable(year, req.data);
      const at = clock.now();
      const version = await db
        .transaction(async (tx) => {
          const current = await currentRuleVersion(tx, year);
          const latest = current?.version ?? 0;
          if (latest !== req.basedOnVersion) {
            throw new AppError(
              'RULE_VERSION_CONFLICT',
              `该年度规则已更新为第 ${latest} 版，请刷新后在最新版本上修改`,
            );
          }
          const next = latest + 1;
          const data = {
            ...req.data,
            ruleSets: req.data.ruleSets.map((r) => ({ ...r, version: next })),
          };
          await insertRuleVersion(tx, {
            year,
            version: next,
            data,
            note: req.note,
            publishedBy: admin.id,
            at,
          });
          await recordAudit(tx, {
            at,
            actorType: 'staff',
            actorId: admin.id,
            actorName: admin.name,
            action: 'rules.publish',
            target: `${year}/v${next}`,
            result: 'success',
            ip,
            detail: { note: req.note },
          });
          return next;
        })
        .catch((e: { cause?: { code?: string }; code?: string }) => {
          if (e?.cause?.code === '23505' || e?.code === '23505') {
            throw new AppError('RULE_VERSION_CONFLICT', '该年度规则刚被他人更新，请刷新后在最新版本上修改');
          }
          throw e;
        });
      return this.at(year, version);
    },
  };
}
export type RulesService = ReturnType<typeof rulesService>;
