/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, api, setUnauthenticatedHandler } from './client.ts';
import { postProgress } from './learning.ts';

/**
 * The web's one HTTP client against a real HTTP server. The browser resolves the app's relative paths
 * against the page's origin; here every request goes to `origin`, and the options each fetch was given
 * are kept so the test can see what the browser would have been asked to do.
 */
let server: Server;
let origin: string;
const seen: { path: string; init: RequestInit; body: string; contentType?: string }[] = [];
const realFetch = globalThis.fetch;

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  const send = (status: number, data: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof data === 'string' ? data : JSON.stringify(data));
  };
  const last = seen.at(-1);
  if (last) {
    last.body = body;
    last.contentType = req.headers['content-type'];
  }
  if (req.url === '/api/lessons/7/progress') {
    send(200, { watchedSeconds: 10, durationSeconds: 60, completed: false, furthestSeconds: 10 });
  } else if (req.url === '/api/lessons/8/progress') {
    send(401, { code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' });
  } else if (req.url === '/api/lessons/9/progress') {
    send(502, '<html>Bad Gateway</html>', 'text/html');
  } else {
    send(200, { ok: true });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  globalThis.fetch = (input, init = {}) => {
    const path = String(input);
    seen.push({ path, init, body: '' });
    return realFetch(new URL(path, origin), init);
  };
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
  setUnauthenticatedHandler(() => {});
});

describe('api()', () => {
  it('asks the browser to keep a request alive only when told to', async () => {
    await api('/api/a', { method: 'POST', body: { x: 1 }, keepalive: true });
    await api('/api/b');
    expect(seen.map((s) => [s.path, s.init.keepalive ?? false])).toEqual([
      ['/api/a', true],
      ['/api/b', false],
    ]);
  });
});

describe('progress reports', () => {
  it('go through api() as a keepalive JSON POST and return the server’s answer', async () => {
    const result = await postProgress(7, { from: 0, to: 10 });
    expect(result).toEqual({
      watchedSeconds: 10,
      durationSeconds: 60,
      completed: false,
      furthestSeconds: 10,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      path: '/api/lessons/7/progress',
      init: { method: 'POST', keepalive: true, credentials: 'same-origin' },
      body: '{"from":0,"to":10}',
      contentType: 'application/json',
    });
  });

  it('on an ended session give the server’s message and ask the app to log in again, like every call', async () => {
    let loggedOut = 0;
    setUnauthenticatedHandler(() => {
      loggedOut += 1;
    });
    const error = await postProgress(8, { from: 0, to: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录', status: 401 });
    expect(loggedOut).toBe(1);
  });

  it('say that the progress was not saved when the answer is no error body', async () => {
    const error = await postProgress(9, { from: 0, to: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'HTTP_ERROR',
      status: 502,
      message: '学习进度保存失败（502），请稍后重试',
    });
  });
});
