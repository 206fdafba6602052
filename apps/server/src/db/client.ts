import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { describeConnectError } from './connect-error.ts';
import { nameFailedStatement } from './errors.ts';
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
  /**
   * Runs a named statement whose plan the database keeps (hot paths: planning a join costs more than
   * executing it). `text` uses $1..$n; `types` are their SQL types. Not for use inside a transaction.
   */
  prepared<R extends Record<string, unknown>>(stmt: PreparedStatement, params: Param[]): Promise<R[]>;
  /**
   * Runs `fn` while this process holds the advisory lock `key` (PostgreSQL: a session lock on one
   * dedicated connection, so a crash releases it). With `wait: false` it gives up at once when another
   * process holds the lock. PGlite is one process (the data-folder lock), so `fn` simply runs.
   */
  withLock<T>(key: number, wait: boolean, fn: () => Promise<T>): Promise<LockResult<T>>;
  close(): Promise<void>;
}

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export interface PreparedStatement {
  name: string;
  text: string;
  types: string[];
}

export type Param = number | string | boolean | Date | null;

/**
 * A parameter as an SQL literal, for PGlite's EXECUTE (which takes no bind parameters). Strings are
 * quoted with doubled single quotes, which is exact under standard_conforming_strings (always on).
 */
export function sqlLiteral(v: Param): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('non-finite number parameter');
    return String(v);
  }
  const text = v instanceof Date ? v.toISOString() : v;
  if (text.includes('\0')) throw new Error('NUL in string parameter');
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A PostgreSQL array literal of `values`, as one text parameter (a statement casts it to its array type):
 * every element double-quoted with backslash escapes, NULL bare. Many rows travel as one parameter each
 * column, on PostgreSQL and PGlite alike.
 */
export function arrayLiteral(values: readonly Param[]): string {
  const element = (v: Param) => {
    if (v === null) return 'NULL';
    const text = v instanceof Date ? v.toISOString() : String(v);
    if (text.includes('\0')) throw new Error('NUL in array element');
    return `"${text.replace(/["\\]/g, '\\$&')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}

/** A failed named statement's error carries the name for the log (its parameters never reach it). */
async function named<T>(stmt: PreparedStatement, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw nameFailedStatement(e, stmt.name);
  }
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
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
    });
    pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing
    // Fail at once, in one line, when the URL does not lead to a usable database.
    await pool.query('SELECT 1').catch(async (e: unknown) => {
      await pool.end().catch(() => {});
      throw describeConnectError(e, opts.databaseUrl!);
    });
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
      // node-postgres prepares a named statement once per connection and reuses its plan.
      prepared: <R extends Record<string, unknown>>(stmt: PreparedStatement, params: Param[]) =>
        named(
          stmt,
          async () => (await pool.query<R>({ name: stmt.name, text: stmt.text, values: params })).rows,
        ),
      // The lock lives on a connection of its own, outside the pool, so `fn` has the whole pool.
      withLock: async <T>(key: number, wait: boolean, fn: () => Promise<T>): Promise<LockResult<T>> => {
        const conn = new pg.Client({ connectionString: opts.databaseUrl, connectionTimeoutMillis: 10_000 });
        conn.on('error', () => {});
        await conn.connect();
        try {
          if (wait) await conn.query('SELECT pg_advisory_lock($1)', [key]);
          else {
            const r = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
            if (!r.rows[0]?.ok) return { acquired: false };
          }
          return { acquired: true, value: await fn() };
        } finally {
          await conn.end().catch(() => {}); // closing the session releases its lock
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
  // PGlite is one session: PREPARE once, then EXECUTE with the parameters as literals.
  const preparing = new Map<string, Promise<void>>();
  const prepare = (stmt: PreparedStatement) => {
    let ready = preparing.get(stmt.name);
    if (!ready) {
      ready = pglite.exec(`PREPARE ${stmt.name}(${stmt.types.join(', ')}) AS ${stmt.text}`).then(() => {});
      preparing.set(stmt.name, ready);
      ready.catch(() => preparing.delete(stmt.name));
    }
    return ready;
  };
  const execute = (stmt: PreparedStatement, params: Param[]) =>
    `EXECUTE ${stmt.name}${params.length ? `(${params.map(sqlLiteral).join(', ')})` : ''}`;
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
    prepared: <R extends Record<string, unknown>>(stmt: PreparedStatement, params: Param[]) =>
      named(stmt, async () => {
        await prepare(stmt);
        return (await pglite.query<R>(execute(stmt, params))).rows;
      }),
    withLock: async <T>(_key: number, _wait: boolean, fn: () => Promise<T>): Promise<LockResult<T>> => ({
      acquired: true,
      value: await fn(),
    }),
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}
