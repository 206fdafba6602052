import type { StaffRole } from '@cpe/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthenticated } from '../errors.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { MemberPrincipal, Principal, StaffPrincipal } from '../modules/auth/principal.ts';
import type { LoadedSession } from '../modules/auth/session.repository.ts';

/**
 * Reads the session of a token hash together with the route's own data in one statement (the hot
 * progress report, 学时查询, `/api/me`): the session is checked exactly as any other, and `data` is handed
 * to the handler as `request.sessionData` only when the session passed. Null when the request's
 * parameters do not allow it: the session is then read on its own.
 */
export type SessionReader = (
  tokenHash: string,
  request: FastifyRequest,
) => Promise<{ session: LoadedSession | null; data: unknown } | null>;

/** Who may call a route (AC-1). Every route declares one in `config.access`; startup fails otherwise. */
export type Access =
  | 'public'
  | 'authenticated'
  | 'member'
  | 'practicing'
  | 'non_practicing'
  | { staff: readonly StaffRole[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    sessionWith?: SessionReader;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** what the route's `sessionWith` read beside the session (undefined otherwise) */
    sessionData: unknown;
  }
  interface FastifyInstance {
    /** Every route with its access rule, for the AC-1 test and the docs. */
    routeTable: Array<{ method: string; url: string; access: Access }>;
  }
}

export const SESSION_COOKIE = 'cpe_session';

function allowed(access: Access, p: Principal | null): boolean {
  if (access === 'public') return true;
  if (!p) return false;
  if (access === 'authenticated') return true;
  if (access === 'member') return p.kind === 'member';
  if (access === 'practicing' || access === 'non_practicing') {
    return p.kind === 'member' && p.memberType === access;
  }
  return p.kind === 'staff' && access.staff.includes(p.role);
}

/** Routes registered by plugins (API docs, static files) are public by nature. */
const publicByNature = (url: string) => url.startsWith('/docs') || !url.startsWith('/api');

export function registerAccessControl(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionData', undefined);
  const table: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    route.config ??= {};
    const config = route.config as { access?: Access };
    if (!config.access && publicByNature(route.url)) config.access = 'public';
    if (!config.access)
      throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: config.access });
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    const token = request.cookies[SESSION_COOKIE];
    const reader = request.routeOptions.config.sessionWith;
    if (token && request.url.startsWith('/api')) {
      let data: unknown;
      request.principal = await auth.resolve(
        token,
        reader &&
          (async (hash) => {
            const read = await reader(hash, request);
            if (!read) return auth.loadSession(hash);
            data = read.data;
            return read.session;
          }),
      );
      // what was read beside a session that failed its checks goes with it
      if (request.principal) request.sessionData = data;
    }
    if (allowed(access, request.principal)) return;
    throw request.principal ? forbidden() : unauthenticated();
  });
}

export function memberOf(request: FastifyRequest): MemberPrincipal {
  const p = request.principal;
  if (p?.kind !== 'member') throw new AppError('FORBIDDEN', '仅会员可使用此功能');
  return p;
}

export function staffOf(request: FastifyRequest): StaffPrincipal {
  const p = request.principal;
  if (p?.kind !== 'staff') throw new AppError('FORBIDDEN', '仅管理人员可使用此功能');
  return p;
}
