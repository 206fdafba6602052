import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { startScheduler } from './jobs/runner.ts';
import { openRuntime } from './runtime.ts';
import { demoAccountsTable } from './seed/demo.ts';

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

async function main() {
  const config = loadConfig();
  const deps = await openRuntime(config);
  const app = await buildApp(deps, {
    staticDir: config.STATIC_DIR ?? DEFAULT_WEB_DIR,
    logger: {
      level: config.LOG_LEVEL,
      // PI-2: request logs hold method, URL and address only (Fastify's serializers never log bodies);
      // headers that carry the session are redacted should a serializer ever include them.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });
  deps.log = app.log;
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
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const demo = config.DEMO ? `\n${demoAccountsTable()}\n` : '';
  console.log(`\ncpe is running at ${url} (database: ${deps.database.kind}; API docs: ${url}/docs)${demo}`);
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) console.error(e.message);
  else console.error(e);
  process.exit(1);
});
