import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.ts';

/** Creates a database named `<prefix>_<random>` on the TEST_DATABASE_URL server; `drop` removes it. */
async function createDatabase(
  prefix: string,
  template: string | undefined,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new PostgreSQL database cloned from the migrated template; `drop` removes it. */
export async function clonePostgresTemplate(
  prefix = 'cpe_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('postgresTemplate');
  if (!template) throw new Error('TEST_DATABASE_URL is not set');
  return createDatabase(prefix, template);
}

/** A fresh migrated database for one test file: PGlite from the dumped template, or a PostgreSQL clone. */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.TEST_DATABASE_URL && inject('postgresTemplate')) {
    const clone = await clonePostgresTemplate();
    const database = await openDatabase({ databaseUrl: clone.url });
    return {
      ...database,
      close: async () => {
        await database.close();
        await clone.drop();
      },
    };
  }
  const tar = readFileSync(inject('pgliteTemplate'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([tar]) });
  return openDatabase({ pglite });
}

/** A new, empty PostgreSQL database (no migrations): what a fresh installation starts from. */
export function createEmptyPostgresDatabase(
  prefix = 'cpe_empty',
): Promise<{ url: string; drop: () => Promise<void> }> {
  return createDatabase(prefix, undefined);
}
