import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What the web app may load: its own scripts and styles (antd writes inline styles), data: images, blob: video. */
export const securityHeaderOptions: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      mediaSrc: ["'self'", 'blob:'],
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * The headers helmet sets for `options`, worked out once. The headers do not depend on the request
 * (no CSP nonces), and building helmet's middleware chain for every request (what @fastify/helmet does)
 * re-parses the policy each time: a few percent of the CPU of every API request.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/** Every answer, errors and static files included, carries the security headers. */
export function registerSecurityHeaders(app: FastifyInstance, options = securityHeaderOptions) {
  const headers = Object.entries(securityHeaders(options));
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value);
    done();
  });
}
