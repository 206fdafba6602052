import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** True for routes called by other sites by design (signed callbacks): no Origin/Referer check. */
    originExempt?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The site's own origin: PUBLIC_ORIGIN, or the scheme and host the request was made to. */
function siteOrigin(request: FastifyRequest, publicOrigin: string | undefined): string | null {
  return publicOrigin ?? originOf(`${request.protocol}://${request.host}`);
}

/**
 * Requests from our own pages only (issue: cross-site request forgery): a state-changing request whose
 * Origin, or Referer when there is no Origin, is another site is refused before anything else runs. A
 * request with neither header is not a browser's and goes on to its normal authentication.
 */
export function registerOriginCheck(app: FastifyInstance, publicOrigin: string | undefined) {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.routeOptions.config?.originExempt) return;
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    if (origin === undefined && referer === undefined) return;
    const claimed = origin !== undefined ? originOf(origin) : originOf(referer ?? '');
    if (claimed !== null && claimed === siteOrigin(request, publicOrigin)) return;
    throw new AppError('ORIGIN_FORBIDDEN', '请求来源不是本站页面，已拒绝');
  });
}
