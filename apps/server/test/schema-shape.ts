import { is, SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../src/db/client.ts';

/**
 * The shape of a database schema as both sides can state it: tables, their columns (type, nullability,
 * default), primary keys, unique constraints and unique indexes, and the allowed values of enum-like
 * text columns (`text(..., { enum })` in Drizzle, `CHECK (col IN (...))` in SQL). Other CHECKs, foreign
 * keys and plain indexes are guards and performance the database keeps on its own; Drizzle's mirror
 * does not repeat them.
 */
export type SchemaShape = Record<string, TableShape>;

export interface TableShape {
  columns: Record<string, { type: string; notNull: boolean; default: string | null }>;
  primaryKey: string[];
  /** each unique constraint or unique index as its sorted column names joined by commas, sorted */
  unique: string[];
  /** column → its sorted allowed values */
  enums: Record<string, string[]>;
}

/** Type names without precision, as both sides spell them. */
function normalizeType(type: string): string {
  return type
    .replace(/\s*\(\s*\d+(\s*,\s*\d+)?\s*\)/g, '')
    .replace(/^timestamp without time zone$/, 'timestamp')
    .replace(/^time without time zone$/, 'time')
    .replace(/^character varying$/, 'varchar')
    .replace(/^character$/, 'char');
}

/** A default expression without its trailing casts; JSON literals re-serialised. */
function normalizeDefault(expr: string | null, type: string): string | null {
  if (expr === null) return null;
  let e = expr.trim();
  const cast = /::[\w ]+(\[\])?$/;
  while (cast.test(e)) e = e.replace(cast, '');
  e = e.replace(/^\((.*)\)$/, '$1');
  if ((type === 'jsonb' || type === 'json') && /^'.*'$/s.test(e)) {
    return `'${JSON.stringify(JSON.parse(e.slice(1, -1).replaceAll("''", "'")))}'`;
  }
  return e;
}

const key = (columns: string[]) => [...columns].sort().join(',');

function drizzleDefault(value: unknown, type: string): string | null {
  if (value === undefined || value === null) return null;
  if (is(value, SQL)) return normalizeDefault(new PgDialect().sqlToQuery(value).sql, type);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return normalizeDefault(`'${value.replaceAll("'", "''")}'`, type);
  return `'${JSON.stringify(value)}'`;
}

/** The shape the Drizzle schema objects declare. */
export function drizzleShape(schema: Record<string, unknown>): SchemaShape {
  const shape: SchemaShape = {};
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue;
    const config = getTableConfig(table);
    const t: TableShape = { columns: {}, primaryKey: [], unique: [], enums: {} };
    for (const c of config.columns) {
      const type = normalizeType(c.getSQLType());
      t.columns[c.name] = { type, notNull: c.notNull, default: drizzleDefault(c.default, type) };
      if (c.primary) t.primaryKey.push(c.name);
      if (c.isUnique) t.unique.push(c.name);
      const values = (c as { enumValues?: readonly string[] }).enumValues;
      if (values?.length) t.enums[c.name] = [...values].sort();
    }
    for (const pk of config.primaryKeys) t.primaryKey.push(...pk.columns.map((c) => c.name));
    for (const u of config.uniqueConstraints) t.unique.push(key(u.columns.map((c) => c.name)));
    for (const index of config.indexes) {
      if (!index.config.unique) continue;
      t.unique.push(key(index.config.columns.map((c) => ('name' in c ? String(c.name) : '<expression>'))));
    }
    t.unique.sort();
    shape[config.name] = t;
  }
  return shape;
}

/** `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))` → ['col', ['a', 'b']]; anything else → null. */
function enumCheck(definition: string): [string, string[]] | null {
  const m = /^CHECK \(\(\(?(\w+)\)?(?:::[\w ]+)? = ANY \((.*)\)\)\)$/s.exec(definition);
  if (!m?.[1] || !m[2]?.includes('ARRAY[')) return null;
  const values = [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => (v[1] ?? '').replaceAll("''", "'"));
  return [m[1], values.sort()];
}

/** The shape of the migrated database's `public` schema (the migrations' own bookkeeping table aside). */
export async function databaseShape(db: Executor): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const table = (name: string): TableShape => {
    shape[name] ??= { columns: {}, primaryKey: [], unique: [], enums: {} };
    return shape[name];
  };
  const { rows: columns } = await db.execute<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
  }>(sql`
    SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
    ORDER BY c.table_name, c.ordinal_position`);
  for (const c of columns) {
    let type = normalizeType(c.data_type);
    if (type === 'ARRAY') type = `${normalizeType(c.udt_name.replace(/^_/, ''))}[]`;
    if (type === 'USER-DEFINED') type = c.udt_name;
    let def = c.column_default;
    if (def?.startsWith('nextval(')) {
      const serial = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' }[type];
      if (serial) {
        type = serial;
        def = null;
      }
    }
    table(c.table_name).columns[c.column_name] = {
      type,
      notNull: c.is_nullable === 'NO',
      default: normalizeDefault(def, type),
    };
  }

  // Constraints and unique indexes with their columns in key order.
  const { rows: constraints } = await db.execute<{
    table_name: string;
    kind: string;
    definition: string;
    columns: string | null;
  }>(sql`
    SELECT t.relname AS table_name, k.contype::text AS kind, pg_get_constraintdef(k.oid) AS definition,
      (SELECT string_agg(a.attname::text, ',' ORDER BY u.i)
         FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS columns
    FROM pg_constraint k
    JOIN pg_class t ON t.oid = k.conrelid
    JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = 'public' AND t.relname <> 'schema_migrations' AND k.contype IN ('p', 'u', 'c')
    UNION ALL
    SELECT t.relname, 'i', pg_get_indexdef(x.indexrelid),
      (SELECT string_agg(COALESCE(a.attname::text, '<expression>'), ',' ORDER BY u.i)
         FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, i)
         LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n)
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = 'public' AND t.relname <> 'schema_migrations' AND x.indisunique
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`);
  for (const k of constraints) {
    const t = table(k.table_name);
    const cols = k.columns ? k.columns.split(',') : [];
    if (k.kind === 'p') t.primaryKey.push(...cols);
    else if (k.kind === 'u' || k.kind === 'i') t.unique.push(key(cols));
    else {
      const check = enumCheck(k.definition);
      if (check) t.enums[check[0]] = check[1];
    }
  }
  for (const t of Object.values(shape)) t.unique.sort();
  return shape;
}
