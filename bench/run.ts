import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Request } from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import { type Database, openDatabase } from '../apps/server/src/db/client.ts';
import { syncLessonHours } from '../apps/server/src/modules/sync/sync.service.ts';
import { BENCH_PASSWORD } from '../apps/server/src/seed/bench.ts';
import {
  argon2Verify,
  bareRoute,
  concurrentCommits,
  type DatabaseKind,
  type LoadOptions,
  type LoadResult,
  load,
  type Row,
  sequentialCommits,
  steadyLoad,
} from './measure.ts';
import { lighthouseScore, pageWeights } from './pages.ts';
import { insertSelect, type Prepared, prepare } from './prepare.ts';
import { startServer } from './server.ts';

/**
 * `npm run bench [-- options]`: every hot path of the production build beside its reference limit,
 * measured in the same run on the same machine, so the ratios mean something on a shared, noisy host.
 * With no options: PGlite and the local PostgreSQL (a scratch database, created and dropped).
 */
const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '10' },
    members: { type: 'string' },
    'pglite-members': { type: 'string' },
    sessions: { type: 'string' },
    completions: { type: 'string' },
    database: { type: 'string', default: 'both' },
    'no-build': { type: 'boolean', default: false },
    lighthouse: { type: 'boolean' },
    template: { type: 'string' },
  },
});

const quick = opt.quick!;
const SECONDS = Number(opt.seconds ?? (quick ? 3 : 10));
const CONNECTIONS = Number(opt.connections);
const MEMBERS = Number(opt.members ?? (quick ? 3_000 : 350_000));
const PGLITE_MEMBERS = Number(opt['pglite-members'] ?? (quick ? 2_000 : 20_000));
const SESSIONS = Number(opt.sessions ?? (quick ? 1_000 : 3_000));
const COMPLETIONS = Number(opt.completions ?? (quick ? 2_000 : 200_000));
const LIGHTHOUSE = opt.lighthouse ?? !quick;
// A database `cpe bench seed` filled before: PostgreSQL is measured on a copy of it (CREATE DATABASE ...
// TEMPLATE), so the 350,000-member year is seeded once and measured as often as needed.
const TEMPLATE = opt.template;
if (TEMPLATE !== undefined && !/^[a-z_][a-z0-9_]*$/.test(TEMPLATE))
  throw new Error('--template: a database name');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = new URL('..', import.meta.url).pathname;
const config = loadConfig({ LOG_LEVEL: 'silent' });
const argon2 = { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST };
const saturation: LoadOptions = { seconds: SECONDS, connections: CONNECTIONS };
const log = (s: string) => console.error(s);

const rows: Row[] = [];
const add = (
  measurement: string,
  database: DatabaseKind,
  r: Pick<LoadResult, 'perSecond'> & { p99Ms: number | null },
  reference: string | null,
  note?: string,
) => {
  const ref = reference
    ? rows.find((x) => x.measurement === reference && (x.database === database || x.database === 'none'))
    : undefined;
  const row: Row = {
    measurement,
    database,
    perSecond: Math.round(r.perSecond * 10) / 10,
    p99Ms: r.p99Ms === null ? null : Math.round(r.p99Ms * 10) / 10,
    reference: reference,
    ratio: ref ? Math.round((r.perSecond / ref.perSecond) * 1000) / 1000 : null,
    ...(note ? { note } : {}),
  };
  rows.push(row);
  log(
    `  ${measurement} (${database}): ${row.perSecond}/s, p99 ${row.p99Ms ?? '–'} ms${row.ratio !== null ? `, ${row.ratio} of ${reference}` : ''}`,
  );
};

function cookieRequests(prepared: Prepared, make: (i: number) => Request): Request[] {
  let next = 0;
  return [
    {
      ...make(0),
      setupRequest: (req) => {
        const i = next++ % prepared.learners.length;
        const r = make(i);
        return {
          ...req,
          ...r,
          headers: { ...r.headers, cookie: `cpe_session=${prepared.learners[i]!.token}` },
        };
      },
    },
  ];
}

/** One request after another from autocannon-style requests (their `setupRequest` makes each). */
function nextRequest(requests: Request[]) {
  const [template] = requests;
  return () => {
    const r = (template!.setupRequest?.({ ...template! }) ?? template!) as Request;
    return {
      method: r.method ?? 'GET',
      path: r.path ?? '/',
      headers: r.headers as Record<string, string> | undefined,
      body: typeof r.body === 'string' ? r.body : undefined,
    };
  };
}

/** Progress reports of all learners round-robin: each learner reports the next 10 s of its lesson. */
function progressRequests(prepared: Prepared): Request[] {
  const position = new Array<number>(prepared.learners.length).fill(0);
  return cookieRequests(prepared, (i) => {
    const l = prepared.learners[i]!;
    const from = position[i]!;
    const to = Math.min(from + 10, l.durationSeconds);
    position[i] = to >= l.durationSeconds ? 0 : to;
    return {
      method: 'POST',
      path: `/api/lessons/${l.lessonId}/progress`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, to }),
    };
  });
}

async function measureDatabase(
  kind: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  serverEnv: Record<string, string>,
  members: number,
  seeded = false,
) {
  log(
    `\n${kind}: ${seeded ? 'a copy of a seeded database' : `preparing ${members.toLocaleString('en-US')} members`}`,
  );
  let database = await open();
  const prepared = await prepare(database, {
    members,
    sessions: SESSIONS,
    unposted: COMPLETIONS,
    log,
    seeded,
  });
  log(
    `  ${seeded ? 'the copy holds' : 'seeded'} ${prepared.seeded.members} members, ${prepared.seeded.ledger} ledger entries${seeded ? '' : ` in ${prepared.seeded.seconds.toFixed(0)} s`}`,
  );
  add('commits-sequential', kind, await sequentialCommits(database, SECONDS), null);
  let commitRef = 'commits-sequential';
  if (kind === 'postgres') {
    add('commits-10-connections', kind, await concurrentCommits(serverEnv.DATABASE_URL!, 10, SECONDS), null);
    commitRef = 'commits-10-connections';
  }
  const ref = await insertSelect(database);
  add(
    'insert-select',
    kind,
    { perSecond: ref.rows / ref.seconds, p99Ms: null },
    null,
    `${ref.rows} rows in ${ref.seconds.toFixed(2)} s`,
  );
  const t0 = performance.now();
  const sync = await syncLessonHours({
    config,
    database,
    db: database.db,
    clock: { now: () => new Date() },
  } as never);
  const syncSeconds = (performance.now() - t0) / 1000;
  add(
    'daily-sync',
    kind,
    { perSecond: sync.posted / syncSeconds, p99Ms: null },
    'insert-select',
    `${sync.posted} completions in ${syncSeconds.toFixed(2)} s`,
  );
  await database.close();

  const server = await startServer({
    ...serverEnv,
    CAPTCHA_ENABLED: 'false',
    // The login benchmark lifts the per-address login limit for its run (all logins come from here).
    LOGIN_RATE_LIMIT: '100000000',
  });
  try {
    // Warm-up, not measured: the first requests of a fresh process compile and prepare what they use.
    const warm = { seconds: 1, connections: 2 };
    await load(server.url, progressRequests(prepared), warm);
    await load(
      server.url,
      cookieRequests(prepared, () => ({ method: 'GET', path: '/api/me' })),
      warm,
    );
    const p = await load(server.url, progressRequests(prepared), saturation);
    add('progress-saturation', kind, p, commitRef, `p50 ${p.p50Ms} ms, ${prepared.learners.length} learners`);
    const fixed = await steadyLoad(server.url, nextRequest(progressRequests(prepared)), {
      rate: 1000,
      seconds: SECONDS,
    });
    add(
      'progress-1000rps',
      kind,
      fixed,
      commitRef,
      `p50 ${fixed.p50Ms.toFixed(1)} ms at 1,000 req/s offered, evenly spaced`,
    );
    const year = new Date().getFullYear();
    const hoursLoad = (o: LoadOptions) =>
      load(
        server.url,
        cookieRequests(prepared, () => ({ method: 'GET', path: `/api/me/hours?year=${year}` })),
        o,
      );
    // Warm-up, not measured: the previous year's answers, so the code is compiled but no answer of this
    // year is held.
    await load(
      server.url,
      cookieRequests(prepared, () => ({ method: 'GET', path: `/api/me/hours?year=${year - 1}` })),
      warm,
    );
    // First one query per signed-in member, each answer computed (no process holds one yet); then the
    // steady state of members opening 学时查询 again with nothing changed, answered from the process's
    // copy (the statement still reads and fingerprints the whole year). The figure is the second; the
    // first is in the note.
    const firstHours = await hoursLoad({ ...saturation, amount: prepared.learners.length });
    const hours = await hoursLoad(saturation);
    add(
      'hours-query',
      kind,
      hours,
      'bare-route',
      `answers computed (one query per member): ${Math.round(firstHours.perSecond)}/s, p99 ${firstHours.p99Ms} ms`,
    );
    add(
      'me',
      kind,
      await load(
        server.url,
        cookieRequests(prepared, () => ({ method: 'GET', path: '/api/me' })),
        saturation,
      ),
      'bare-route',
    );
    let n = 0;
    const users = prepared.usernames;
    const login = await load(
      server.url,
      [
        {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              userType: 'practicing',
              username: users[n++ % users.length],
              password: BENCH_PASSWORD,
            }),
          }),
        },
      ],
      saturation,
    );
    add('login', kind, login, 'argon2-verify', 'login rate limit lifted for the run');
    // The pages on the last database measured (PostgreSQL, or PGlite when it runs alone).
    if (kind === 'postgres' || opt.database === 'pglite')
      await pages(server.url, `cpe_session=${prepared.learners[0]!.token}`);
  } finally {
    await server.stop();
  }
  database = undefined as never;
}

const pageLines: string[] = [];
async function pages(url: string, cookie: string) {
  for (const w of pageWeights(join(ROOT, 'apps/web/dist'))) {
    pageLines.push(
      `| ${w.page} | ${(w.js / 1024).toFixed(1)} KiB | ${(w.css / 1024).toFixed(1)} KiB | ${w.files} |`,
    );
  }
  if (!LIGHTHOUSE) {
    pageLines.push('', 'Lighthouse: not run (--quick; `--lighthouse` to run it).');
    return;
  }
  for (const [page, path] of [
    ['login', '/login'],
    ['member-home', '/member'],
  ] as const) {
    // the member home is measured signed in (a learner's session cookie)
    const r = await lighthouseScore(`${url}${path}`, page === 'member-home' ? { cookie } : undefined);
    pageLines.push(
      '',
      `Lighthouse mobile performance, ${page}: ${r.score ?? 'not measured'}${r.fcpMs ? ` (first contentful paint ${(r.fcpMs / 1000).toFixed(1)} s)` : ''}${r.note ? ` — ${r.note}` : ''}`,
    );
  }
}

async function main() {
  const started = new Date();
  if (!opt['no-build']) {
    log('building the web app and the server (npm run build)');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log(`cpe bench${quick ? ' --quick' : ''}: ${SECONDS} s per load, ${CONNECTIONS} connections`);
  add('bare-route', 'none', await bareRoute(saturation), null);
  add(
    'argon2-verify',
    'none',
    await argon2Verify(argon2, SECONDS),
    null,
    `m=${argon2.memoryCost} KiB, t=${argon2.timeCost}`,
  );

  const which = opt.database;
  if (which === 'both' || which === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'cpe-bench-'));
    try {
      await measureDatabase(
        'pglite',
        () => openDatabase({ dataDir: dir }),
        { DATA_DIR: dir, ALLOW_EMBEDDED_DB: 'true' },
        PGLITE_MEMBERS,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (which === 'both' || which === 'postgres') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    const ok = await admin.connect().then(
      () => true,
      () => false,
    );
    if (!ok) log(`PostgreSQL: no server at ${ADMIN_URL}; skipped.`);
    else {
      const name = `cpe_bench_${process.pid}`;
      await admin.query(`CREATE DATABASE ${name}${TEMPLATE ? ` TEMPLATE ${TEMPLATE}` : ''}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      try {
        await measureDatabase(
          'postgres',
          () => openDatabase({ databaseUrl: url.toString(), poolSize: CONNECTIONS }),
          { DATABASE_URL: url.toString() },
          MEMBERS,
          TEMPLATE !== undefined,
        );
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    }
  }

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 100 ? 1 : 0 });
  console.log(`\n## cpe bench, ${started.toISOString().slice(0, 10)}${quick ? ' (--quick)' : ''}\n`);
  console.log('| measurement | database | per second | p99 ms | reference | ratio | note |');
  console.log('|---|---|---:|---:|---|---:|---|');
  for (const r of rows) {
    console.log(
      `| ${r.measurement} | ${r.database} | ${fmt(r.perSecond)} | ${r.p99Ms ?? '–'} | ${r.reference ?? ''} | ${r.ratio ?? ''} | ${r.note ?? ''} |`,
    );
  }
  if (pageLines.length) {
    console.log(
      '\nMember pages (gzipped JavaScript and CSS before the page shows, from the Vite manifest):\n',
    );
    console.log('| page | JavaScript | CSS | files |\n|---|---:|---:|---:|');
    for (const l of pageLines) console.log(l);
  }
  if (opt.out) {
    writeFileSync(
      opt.out,
      `${JSON.stringify(
        rows.map(({ note: _n, ...r }) => r),
        null,
        2,
      )}\n`,
    );
    log(`\nwrote ${opt.out}`);
  }
}

await main();
process.exit(0);
