import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Database, openDatabase } from '../src/db/client.ts';
import { paths } from '../src/paths.ts';

/** A fresh PGlite database migrated up to, not including, `migration` (a file name such as `0006_x.sql`). */
export async function databaseBefore(migration: string): Promise<Database> {
  const database = await openDatabase({ pglite: await PGlite.create() });
  await database.execScript('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz)');
  const earlier = readdirSync(paths.migrations)
    .filter((f) => f.endsWith('.sql') && f < migration)
    .sort();
  for (const file of earlier) {
    const text = readFileSync(`${paths.migrations}/${file}`, 'utf8');
    await database.execScript(`BEGIN; ${text}
      ; INSERT INTO schema_migrations (name, applied_at) VALUES ('${file}', now()); COMMIT;`);
  }
  return database;
}

/** One member (id 1) in 北京, in columns every migration so far has: the row migration tests build on. */
export const ONE_MEMBER_SQL = `
    INSERT INTO provinces (code, name) VALUES ('11', '北京') ON CONFLICT DO NOTHING;
    INSERT INTO members (member_type, username, name, id_number, mobile, province_code, registered_on,
      password_hash)
    VALUES ('non_practicing', 'N110000000009', '测试会员', '110101199001010011', '13800000000', '11',
      '2015-01-01', 'x');`;
