import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Applies migrations/*.sql in name order, each in its own transaction, once. An advisory lock keeps
 * two servers starting together on one PostgreSQL from racing.
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.execScript(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const text = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
    const name = file.replace(/'/g, "''");
    // The check runs inside the locked transaction so a concurrent migrator skips what the other applied.
    await database
      .execScript(`
      BEGIN;
      SELECT pg_advisory_xact_lock(4242001);
      DO $m$ BEGIN
        IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${name}') THEN
          RAISE EXCEPTION 'cpe-migration-already-applied';
        END IF;
      END $m$;
      ${text}
      ;INSERT INTO schema_migrations (name) VALUES ('${name}');
      COMMIT;`)
      .then(
        () => applied.push(file),
        (e: Error) => {
          if (!String(e.message).includes('cpe-migration-already-applied')) {
            throw new Error(`Migration ${file} failed: ${e.message}`);
          }
        },
      );
  }
  return applied;
}

export async function appliedMigrations(database: Database): Promise<string[]> {
  const r = await database.db.execute<{ name: string }>(
    sql`SELECT name FROM schema_migrations ORDER BY name`,
  );
  return r.rows.map((x) => x.name);
}
