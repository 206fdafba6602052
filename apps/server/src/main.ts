import { buildApp } from './app.ts';
import { apiDocsEnabled, ConfigError, loadConfig } from './config.ts';
import { DatabaseUrlError } from './db/connect-error.ts';
import { DataDirLockedError } from './db/lock.ts';
import { checkJobSchedules, runJob, startScheduler } from './jobs/runner.ts';
import { complianceRefreshJob } from './modules/report/report.job.ts';
import { paths } from './paths.ts';
import { openRuntime } from './runtime.ts';
import { demoAccountsTable } from './seed/demo.ts';

async function main() {
  const config = loadConfig();
  checkJobSchedules(config);
  const deps = await openRuntime(config);
  const app = await buildApp(deps, {
    staticDir: config.STATIC_DIR ?? paths.web,
    logger: {
      level: config.LOG_LEVEL,
      // PI-2: request logs hold method, URL and address only (Fastify's serializers never log bodies);
      // headers that carry the session are redacted should a serializer ever include them.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });
  deps.log = app.log;
  // Settings that switch a protection off are said at every start.
  if (!config.CAPTCHA_ENABLED) app.log.warn('CAPTCHA_ENABLED=false: the login captcha is switched off');
  if (config.NODE_ENV === 'production' && !config.DATABASE_URL) {
    app.log.warn(`ALLOW_EMBEDDED_DB=true: embedded database in ${config.DATA_DIR}, one process only`);
  }
  if (config.NODE_ENV === 'production' && apiDocsEnabled(config))
    app.log.warn('API_DOCS=true: /docs is public');
  const stopScheduler = config.JOBS_ENABLED ? startScheduler(deps) : () => {};

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopScheduler();
    await app.close(); // stops accepting, lets in-flight requests finish
    await deps.database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  // The demo's dashboards and reminder previews read the compliance statuses that the nightly job
  // keeps: refreshed once at start, they show the demo members at once instead of after 02:30.
  if (config.DEMO && config.JOBS_ENABLED) {
    void runJob(deps, complianceRefreshJob).catch((e) => app.log.error(e, 'demo compliance refresh failed'));
  }
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const demo = config.DEMO ? `\n${demoAccountsTable()}\n` : '';
  const docs = apiDocsEnabled(config) ? `API docs: ${url}/docs` : 'API docs off';
  console.log(`\ncpe is running at ${url} (database: ${deps.database.kind}; ${docs})${demo}`);
}

main().catch((e) => {
  // A configuration or database problem is one line for the operator, not a stack trace.
  if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof DatabaseUrlError) {
    console.error(e.message);
  } else console.error(e);
  process.exit(1);
});
