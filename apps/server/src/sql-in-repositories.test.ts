import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * ARCHITECTURE.md: routes speak HTTP, services hold use cases, repositories hold all SQL. This test
 * reads every non-repository source file of the modules and the jobs and fails on a query builder or
 * SQL in it. (db/ is the database layer itself; seed/ holds data-loading scripts.)
 */
const SRC = new URL('./', import.meta.url);
const SCANNED = ['modules', 'jobs'];

/** Files that still hold SQL, with the reason; an entry that no longer needs to be here fails too. */
const ALLOWED: Record<string, string> = {};

const FORBIDDEN: [string, RegExp][] = [
  ['imports drizzle-orm', /from\s+['"]drizzle-orm(\/[^'"]*)?['"]/],
  ['imports tables from db/schema', /^import\s+(?!type\b)[^;]*from\s+['"][^'"]*\/db\/schema(\/[^'"]*)?['"]/m],
  ['writes an sql`` template', /\bsql\s*`/],
  ['runs .execute() or .prepared()', /\.(execute|prepared)\s*[(<]/],
];

function sourceFiles(): string[] {
  return SCANNED.flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, SRC), { recursive: true, encoding: 'utf8' }).map(
      (f) => `${dir}/${f.replaceAll('\\', '/')}`,
    ),
  )
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.repository.ts') && !f.endsWith('.test.ts'))
    .sort();
}

function findings(file: string): string[] {
  const text = readFileSync(new URL(file, SRC), 'utf8');
  return FORBIDDEN.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file} ${what}`);
}

describe('SQL lives in repositories only', () => {
  it('no service, route, policy or job queries the database itself', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !(f in ALLOWED)).flatMap(findings)).toEqual([]);
  });

  it('the allow-list names only files that still need it', () => {
    const files = new Set(sourceFiles());
    const stale = Object.keys(ALLOWED).filter((f) => !files.has(f) || findings(f).length === 0);
    expect(stale).toEqual([]);
  });
});
