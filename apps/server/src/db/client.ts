import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import * as schema from './schema/index.ts';

/** Both drivers expose the same Drizzle API; typed once as the node-postgres flavour. */
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs a multi-statement SQL script on one connection (migrations); rolls back on failure. */
  execScript(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** An already opened PGlite (tests load a migrated template into memory). */
  pglite?: PGlite;
  poolSize?: number;
}

// Row timestamps come back as Date, bigint counts as number; the schema keeps hours in integer hundredths.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing
    const db = drizzlePg(pool, { schema });
    return {
      kind: 'postgres',
      db,
      execScript: async (text) => {
        const conn = await pool.connect();
        try {
          await conn.query(text);
        } catch (e) {
          await conn.query('ROLLBACK').catch(() => {});
          throw e;
        } finally {
          conn.release();
        }
      },
      close: () => pool.end(),
    };
  }
  let unlock = () => {};
  let client = opts.pglite;
  if (!client) {
    if (!opts.dataDir) throw new Error('dataDir or databaseUrl is required');
    unlock = lockDataDir(opts.dataDir);
    try {
      client = await PGlite.create(opts.dataDir);
    } catch (e) {
      unlock();
      throw e;
    }
  }
  const pglite = client;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    execScript: async (text) => {
      try {
        await pglite.exec(text);
      } catch (e) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw e;
      }
    },
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}
