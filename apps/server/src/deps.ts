import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';

/** What every module is built from. Tests build the same object with a fixed clock. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  log?: FastifyBaseLogger;
}
