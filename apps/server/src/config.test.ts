import { describe, expect, it } from 'vitest';
import { apiDocsEnabled, ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './data', DEMO: false, CAPTCHA_ENABLED: true });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', CAPTCHA_ENABLED: 'maybe', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'CAPTCHA_ENABLED', 'NODE_ENV']) expect(text).toContain(name);
  });

  it('never allows demo accounts in production (AUTH-6)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: '1' })).toThrow(/DEMO/);
  });

  it('refuses argon2 parameters below the ASVS floor (AUTH-1)', () => {
    expect(() => loadConfig({ ARGON2_MEMORY_KIB: '4096' })).toThrow(/ARGON2_MEMORY_KIB/);
  });

  it('refuses production without DATABASE_URL in one line, unless the embedded database is chosen on purpose', () => {
    const refused = () => loadConfig({ NODE_ENV: 'production' });
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/^Invalid configuration: DATABASE_URL: required with NODE_ENV=production[^\n]*$/);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED_DB: 'true' }).DATABASE_URL).toBeUndefined();
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db:5432/cpe' }).DATABASE_URL,
    ).toBe('postgres://u@db:5432/cpe');
  });

  it.each(['mysql://u@db/cpe', 'https://db.example', 'db:5432/cpe'])(
    'refuses a DATABASE_URL that is not a PostgreSQL URL: %s',
    (url) => {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
        /^Invalid configuration: DATABASE_URL: not a PostgreSQL URL/,
      );
    },
  );

  it('serves the API documents outside production, and in production only with API_DOCS=true', () => {
    expect(apiDocsEnabled(loadConfig({}))).toBe(true);
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@db/cpe' };
    expect(apiDocsEnabled(loadConfig(prod))).toBe(false);
    expect(apiDocsEnabled(loadConfig({ ...prod, API_DOCS: 'true' }))).toBe(true);
    expect(apiDocsEnabled(loadConfig({ API_DOCS: 'false' }))).toBe(false);
  });

  it('takes job schedules from JOB_SCHEDULE_<NAME> and refuses one that is not a cron expression', () => {
    expect(loadConfig({ JOB_SCHEDULE_DAILY_SYNC: '*/2 * * * * *' }).JOB_SCHEDULES).toEqual({
      'daily-sync': '*/2 * * * * *',
    });
    expect(() => loadConfig({ JOB_SCHEDULE_DAILY_SYNC: 'every night' })).toThrow(/JOB_SCHEDULE_DAILY_SYNC/);
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and takes a hop count or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('refuses "true" (anyone could choose their address) and malformed entries', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
  });

  it('PUBLIC_ORIGIN is kept as a bare origin', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://cpe.example.org/' }).PUBLIC_ORIGIN).toBe(
      'https://cpe.example.org',
    );
  });
});
