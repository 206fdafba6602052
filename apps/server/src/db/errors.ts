import { createHash } from 'node:crypto';

/**
 * Database failures, described for the log without the data they carried. Drizzle's errors put every
 * bound parameter in their message ("params: ...") and keep them in `params`; PostgreSQL's own message
 * and `detail` quote values too ("Failing row contains (...)", "Key (username)=(...)"). The log gets the
 * SQLSTATE code, the statement's name and the identifiers PostgreSQL reports (table, column, constraint),
 * never a value.
 */

const SQLSTATE = /^[0-9A-Z]{5}$/;

const STATEMENT = Symbol('statement');

/**
 * Marks a failed named statement's error with the statement's name (`Database.prepared` does), leaving
 * the error itself as it is so that callers still read its code.
 */
export function nameFailedStatement(err: unknown, statement: string): unknown {
  if (err && typeof err === 'object')
    Object.defineProperty(err, STATEMENT, { value: statement, configurable: true });
  return err;
}

type Fields = Record<string, unknown>;

function chainOf(err: unknown): Fields[] {
  const chain: Fields[] = [];
  for (let e = err; e && typeof e === 'object' && chain.length < 10; e = (e as Fields).cause) {
    chain.push(e as Fields);
  }
  return chain;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * A short name for an SQL text: the verb, the first table and a fingerprint of the text, e.g.
 * `insert lesson_evaluations #3f9a1c20`. For an `EXECUTE name(...)` (whose text holds the values as
 * literals) only the name.
 */
export function statementName(sqlText: string): string {
  const executed = /^\s*EXECUTE\s+(\w+)/i.exec(sqlText);
  if (executed) return executed[1]!;
  const verb = /^\s*(\w+)/.exec(sqlText)?.[1]?.toLowerCase() ?? 'statement';
  const table = /\b(?:from|into|update)\s+"?([\w.]+)"?/i.exec(sqlText)?.[1];
  const fingerprint = createHash('sha256').update(sqlText).digest('hex').slice(0, 8);
  return `${verb}${table ? ` ${table}` : ''} #${fingerprint}`;
}

export interface DatabaseFailure {
  /** SQLSTATE (e.g. 23505), or the driver's code (e.g. ECONNREFUSED), or 'unknown'. */
  code: string;
  statement?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

/**
 * The database failure in an error's cause chain (a Drizzle query error, a PostgreSQL or PGlite error, a
 * named statement), or undefined when the error has nothing to do with the database.
 */
export function databaseFailureOf(err: unknown): DatabaseFailure | undefined {
  const chain = chainOf(err);
  const server = chain.find((e) => typeof e.code === 'string' && SQLSTATE.test(e.code));
  const query = chain.find((e) => 'params' in e || typeof e.query === 'string');
  const named = chain.map((e) => (e as { [STATEMENT]?: string })[STATEMENT]).find(Boolean);
  if (!server && !query && !named) return undefined;
  const sqlText = text(query?.query);
  const code = text(server?.code) ?? chain.map((e) => text(e.code)).find(Boolean) ?? 'unknown';
  return {
    code,
    statement: named ?? (sqlText ? statementName(sqlText) : undefined),
    table: text(server?.table),
    column: text(server?.column),
    constraint: text(server?.constraint),
    routine: text(server?.routine),
  };
}

/** PostgreSQL refused a text value it cannot store (NUL, invalid encoding): bad input, not a fault. */
export function isUnstorableText(err: unknown): boolean {
  const code = databaseFailureOf(err)?.code;
  return code === '22021' || code === '22P05';
}

const framesOf = (err: Error) =>
  typeof err.stack === 'string'
    ? err.stack
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n')
    : undefined;

/**
 * An error as the log shows it (the logger's `err` serializer and the explicit log calls). A database
 * failure becomes its code, statement and identifiers with the stack frames; any other error keeps its
 * message. Already described errors (plain objects) pass through unchanged.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) {
    return err && typeof err === 'object' ? (err as Record<string, unknown>) : { message: String(err) };
  }
  const failure = databaseFailureOf(err);
  if (!failure) {
    const code = (err as NodeJS.ErrnoException).code;
    return { type: err.name, message: err.message, ...(code ? { code } : {}), stack: err.stack };
  }
  const where = failure.statement ? ` in ${failure.statement}` : '';
  return {
    type: 'DatabaseError',
    message: `database error ${failure.code}${where}`,
    ...Object.fromEntries(Object.entries(failure).filter(([, v]) => v !== undefined)),
    stack: framesOf(err),
  };
}
