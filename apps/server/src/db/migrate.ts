import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { paths } from '../paths.ts';
import type { Database } from './client.ts';

/** The advisory lock key held while migrating (PostgreSQL): one process migrates at a time. */
export const MIGRATION_LOCK = 4242001;

const migrationFiles = () =>
  readdirSync(paths.migrations)
    .filter((f) => f.endsWith('.sql'))
    .sort();

const CREATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())';

async function appliedRows(database: Database) {
  const r = await database.db.execute<{ name: string; applied_at: Date | string }>(
    sql`SELECT name, applied_at FROM schema_migrations ORDER BY name`,
  );
  return r.rows.map((x) => ({ name: x.name, appliedAt: new Date(x.applied_at) }));
}

/**
 * Applies migrations/*.sql in name order, each in its own transaction, once. The whole run holds an
 * advisory lock, so of several processes starting together on one PostgreSQL one migrates and the
 * others wait, then find nothing left to do: a new version rolls out by restarting processes.
 */
export async function migrate(database: Database): Promise<string[]> {
  const locked = await database.withLock(MIGRATION_LOCK, true, async () => {
    await database.execScript(CREATE_TABLE);
    const done = new Set((await appliedRows(database)).map((r) => r.name));
    const applied: string[] = [];
    for (const file of migrationFiles()) {
      if (done.has(file)) continue;
      const text = readFileSync(join(paths.migrations, file), 'utf8');
      const name = file.replace(/'/g, "''");
      await database
        .execScript(`BEGIN;\n${text}\n;INSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`)
        .catch((e: Error) => {
          throw new Error(`Migration ${file} failed: ${e.message}`);
        });
      applied.push(file);
    }
    return applied;
  });
  return locked.acquired ? locked.value : [];
}

export async function appliedMigrations(database: Database): Promise<string[]> {
  return (await appliedRows(database)).map((r) => r.name);
}

/** What `cpe migrate --status` shows: applied migrations with their time, and those still pending. */
export async function migrationStatus(database: Database) {
  const exists = await database.db.execute<{ t: string | null }>(
    sql`SELECT to_regclass('schema_migrations')::text AS t`,
  );
  const applied = exists.rows[0]?.t ? await appliedRows(database) : [];
  const names = new Set(applied.map((a) => a.name));
  return { applied, pending: migrationFiles().filter((f) => !names.has(f)) };
}
