import { createHash, randomBytes } from 'node:crypto';
import type { LoginRequest } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { CaptchaService } from './captcha.service.ts';
import { readLogin, recordLoginSuccess } from './login.repository.ts';
import {
  claimAttempt,
  clearFailures,
  type FailureState,
  recordFailure,
  type UserKind,
} from './login-failures.repository.ts';
import { dummyHash, hashParams, hashPassword, needsRehash, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { deleteSession, type LoadedSession, loadSession, touchSession } from './session.repository.ts';

const TOUCH_AFTER_MS = 60_000; // last_seen is written at most once a minute: idle timeouts are minutes long

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The key failures are counted under: members of both kinds share one, staff another; case is ignored. */
export const failureKey = (userType: LoginRequest['userType'], username: string) => ({
  kind: (userType === 'staff' ? 'staff' : 'member') as UserKind,
  name: username.trim().toLowerCase(),
});

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
const staffLocked = () =>
  new AppError('ACCOUNT_LOCKED', '密码错误次数过多，账户已锁定，请联系系统管理员解锁');
const captchaRequired = () => new AppError('CAPTCHA_REQUIRED', '登录失败次数较多，请输入图片验证码后再登录');
const captchaInvalid = () => new AppError('CAPTCHA_INVALID', '验证码错误或已过期，请重新输入');
const slowedDown = () => new AppError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试');

export interface LoginContext {
  captchaId: string | undefined;
  ip: string | null;
  /** The session cookie the browser sent: that session ends, whoever logs in now. */
  previousToken: string | undefined;
}

export function authService(deps: Deps, captcha: CaptchaService) {
  const { db, database, clock, config } = deps;
  const params = hashParams(config);
  const threshold = config.LOCKOUT_ATTEMPTS;

  const audit = (ip: string | null, action: string, result: 'success' | 'failure', extra: object) =>
    recordAudit(db, { at: clock.now(), actorType: 'anonymous', action, result, ip, ...extra });

  /**
   * Failures count per user name whether or not it exists, and every answer below is the same for a
   * real name and an unknown one: past the threshold a member name needs a fresh captcha and waits
   * LOGIN_SLOW_SECONDS between tries; a staff name locks until the system admin unlocks it.
   */
  async function guard(input: Required<LoginRequest>, ctx: LoginContext, state: FailureState | null) {
    const { kind, name } = failureKey(input.userType, input.username);
    if (state?.locked) {
      await audit(ctx.ip, 'login', 'failure', { target: input.username, detail: { reason: 'locked' } });
      throw staffLocked();
    }
    const slowed = kind === 'member' && (state?.failures ?? 0) >= threshold;
    if (!config.CAPTCHA_ENABLED && !slowed) return;
    if (!ctx.captchaId || !input.captcha) {
      await audit(ctx.ip, 'login', 'failure', { target: input.username, detail: { reason: 'captcha' } });
      throw slowed ? captchaRequired() : captchaInvalid();
    }
    if (slowed) {
      const now = clock.now();
      const next = new Date(now.getTime() + config.LOGIN_SLOW_SECONDS * 1000);
      if (!(await claimAttempt(db, kind, name, now, next))) {
        await audit(ctx.ip, 'login', 'failure', { target: input.username, detail: { reason: 'slowed' } });
        throw slowedDown();
      }
    }
    if (!(await captcha.check(ctx.captchaId, input.captcha))) {
      await audit(ctx.ip, 'login', 'failure', { target: input.username, detail: { reason: 'captcha' } });
      throw captchaInvalid();
    }
  }

  async function fail(input: Required<LoginRequest>, ip: string | null, reason: string): Promise<never> {
    const { kind, name } = failureKey(input.userType, input.username);
    const state = await recordFailure(db, kind, name, clock.now(), kind === 'staff' ? threshold : null);
    await audit(ip, 'login', 'failure', {
      target: input.username,
      detail: { reason, failures: state.failures },
    });
    throw state.locked ? staffLocked() : invalidCredentials();
  }

  return {
    async login(input: Required<LoginRequest>, ctx: LoginContext) {
      const { userType, username, password } = input;
      const { kind, name } = failureKey(userType, username);
      // The account is read with the failures, before the guard: one round trip, and what the guard
      // answers does not depend on it.
      const { failures, account } = await readLogin(database, userType, kind, name, username);
      await guard(input, ctx, failures);
      if (!account) {
        await verifyPassword(await dummyHash(params), password); // same work as a wrong password
        return fail(input, ctx.ip, 'unknown_account');
      }
      const storedHash = account.passwordHash;
      if (storedHash === null) {
        // An imported member without a password yet: set one through password recovery first.
        await verifyPassword(await dummyHash(params), password);
        return fail(input, ctx.ip, 'password');
      }
      if (!(await verifyPassword(storedHash, password))) return fail(input, ctx.ip, 'password');
      if (account.disabled) {
        await audit(ctx.ip, 'login', 'failure', { target: username, detail: { reason: 'disabled' } });
        throw new AppError('ACCOUNT_DISABLED', '账户已停用，请联系所属地方注协');
      }
      const newHash = needsRehash(storedHash, params) ? await hashPassword(password, params) : null;
      const token = randomBytes(32).toString('base64url');
      const subjectType: 'member' | 'staff' = account.table === 'members' ? 'member' : 'staff';
      const now = clock.now();
      await recordLoginSuccess(database, {
        kind,
        failureName: name,
        previousTokenHash: ctx.previousToken ? hashToken(ctx.previousToken) : null,
        tokenHash: hashToken(token),
        subjectType,
        subjectId: account.id,
        now,
        expiresAt: new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3600_000),
        ip: ctx.ip,
        actorName: account.name,
        target: username,
        newHash,
      });
      return { token, subjectType, id: account.id };
    },

    /** For password recovery: a member who proved who they are starts again with no failures. */
    async clearMemberFailures(username: string) {
      const { kind, name } = failureKey('practicing', username);
      await clearFailures(db, kind, name);
    },

    /** The system admin lifts a staff name's lock; false when the name was not locked or failing. */
    async unlockStaff(username: string, actor: { id: number | null; name: string; ip: string | null }) {
      const { kind, name } = failureKey('staff', username);
      return db.transaction(async (tx) => {
        const cleared = await clearFailures(tx, kind, name);
        await recordAudit(tx, {
          at: clock.now(),
          actorType: actor.id === null ? 'system' : 'staff',
          actorId: actor.id,
          actorName: actor.name,
          action: 'staff_unlock',
          target: username,
          result: cleared ? 'success' : 'failure',
          ip: actor.ip,
        });
        return cleared;
      });
    },

    /** The session of a token hash, unchecked (resolve checks it). */
    loadSession: (tokenHash: string) => loadSession(deps.database, tokenHash),

    /**
     * The principal of a session token, or null when it is unknown, idle too long or past its limit.
     * `load` reads the session by its token hash: a route may read it together with its own data in one
     * statement (access.ts `sessionWith`).
     */
    async resolve(
      token: string,
      load: (tokenHash: string) => Promise<LoadedSession | null> = (h) => loadSession(deps.database, h),
    ): Promise<Principal | null> {
      const hash = hashToken(token);
      const loaded = await load(hash);
      if (!loaded) return null;
      const now = clock.now();
      const idleMinutes =
        loaded.principal.kind === 'member' ? config.MEMBER_IDLE_MINUTES : config.STAFF_IDLE_MINUTES;
      const idleFor = now.getTime() - loaded.lastSeenAt.getTime();
      if (loaded.disabled || now >= loaded.expiresAt || idleFor > idleMinutes * 60_000) {
        await deleteSession(db, hash);
        return null;
      }
      if (idleFor > TOUCH_AFTER_MS) await touchSession(db, hash, now);
      return loaded.principal;
    },

    async logout(principal: Principal, ip: string | null) {
      await db.transaction(async (tx) => {
        await deleteSession(tx, principal.sessionHash);
        await recordAudit(tx, {
          at: clock.now(),
          actorType: principal.kind,
          actorId: principal.id,
          actorName: principal.name,
          action: 'logout',
          result: 'success',
          ip,
        });
      });
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
