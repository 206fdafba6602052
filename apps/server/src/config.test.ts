import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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
