import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { screenshots } from './screens.ts';
import { type RunningServer, startServer } from './server.ts';

export interface Started {
  server: RunningServer;
  browser: Browser;
}

/**
 * A journey on a server of its own (a fresh database): the server and a browser start before the file's
 * tests, `ready` then prepares what the journey needs, and both stop after the file.
 */
export function onOwnServer(ready: (started: Started) => Promise<void>) {
  let started: Started | undefined;
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    started = { server, browser };
    await ready(started);
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.server.stop();
  });
}
