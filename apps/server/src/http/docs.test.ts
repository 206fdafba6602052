import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/database.ts';
import { buildApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { type Config, testConfig } from '../config.ts';

/** The app as a process with this configuration would serve it (no demo data needed). */
async function appWith(overrides: Partial<Config>) {
  const database = await openTestDatabase();
  const app = await buildApp({
    config: testConfig(overrides),
    database,
    db: database.db,
    clock: systemClock,
  });
  await app.ready();
  closers.push(async () => {
    await app.close();
    await database.close();
  });
  return app;
}
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('the API documents', () => {
  it.each(['/docs', '/docs/json'])('are off in production: %s answers 404', async (url) => {
    const app = await appWith({ NODE_ENV: 'production' });
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '请求的地址不存在' });
  });

  it('are served in production with API_DOCS=true, and outside production without it', async () => {
    for (const overrides of [
      { NODE_ENV: 'production', API_DOCS: true },
      { NODE_ENV: 'development' },
    ] as const) {
      const app = await appWith(overrides);
      const res = await app.inject({ url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      expect(res.json().openapi).toMatch(/^3\./);
    }
  });
});
