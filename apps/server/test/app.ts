import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../src/app.ts';
import { FixedClock } from '../src/clock.ts';
import { type Config, testConfig } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import { seedDemo } from '../src/seed/index.ts';
import { seedReference } from '../src/seed/reference.ts';
import { openTestDatabase } from './database.ts';

export const DEMO_PASSWORD = 'Demo#2024pass';

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: FixedClock;
  close(): Promise<void>;
}

/** The real app on a fresh database with reference and demo data, a settable clock and no captcha. */
export async function buildTestApp(
  overrides: Partial<Config> = {},
  now = new Date('2024-03-15T02:00:00Z'),
  appOptions: AppOptions = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = new FixedClock(now);
  const config = testConfig(overrides);
  const deps: Deps = { config, database, db: database.db, clock };
  await seedReference(deps.db, config);
  await seedDemo(deps.db, config);
  const app = await buildApp(deps, appOptions);
  await app.ready();
  return {
    app,
    deps,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export const cookieOf = (res: LightMyRequestResponse, name = 'cpe_session') =>
  res.cookies.find((c) => c.name === name)?.value;

/** Logs in through the real route and returns a cookie header for later requests. */
export async function login(
  app: FastifyInstance,
  username: string,
  userType: 'practicing' | 'non_practicing' | 'staff' = 'practicing',
  password = DEMO_PASSWORD,
): Promise<{ cookie: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { userType, username, password, captcha: '' },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return { cookie: `cpe_session=${cookieOf(res)}` };
}
