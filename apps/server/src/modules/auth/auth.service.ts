import { createHash, randomBytes } from 'node:crypto';
import type { LoginRequest } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import {
  findLoginAccount,
  type LoginAccount,
  registerLoginFailure,
  registerLoginSuccess,
} from './account.repository.ts';
import type { CaptchaService } from './captcha.service.ts';
import { dummyHash, hashParams, hashPassword, needsRehash, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { deleteSession, insertSession, loadSession, touchSession } from './session.repository.ts';

const TOUCH_AFTER_MS = 60_000; // last_seen is written at most once a minute: idle timeouts are minutes long
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误');

export function authService(deps: Deps, captcha: CaptchaService) {
  const { db, clock, config } = deps;
  const params = hashParams(config);

  const lockedError = (until: Date) => {
    const minutes = Math.max(1, Math.ceil((until.getTime() - clock.now().getTime()) / 60_000));
    return new AppError('ACCOUNT_LOCKED', `密码错误次数过多，账户已锁定，请 ${minutes} 分钟后再试`);
  };

  const audit = (ip: string | null, action: string, result: 'success' | 'failure', extra: object) =>
    recordAudit(db, { at: clock.now(), actorType: 'anonymous', action, result, ip, ...extra });

  async function failPassword(account: LoginAccount, ip: string | null, username: string): Promise<never> {
    const lockUntil = new Date(clock.now().getTime() + config.LOCKOUT_MINUTES * 60_000);
    const { failedLogins, locked } = await registerLoginFailure(
      db,
      account.table,
      account.id,
      config.LOCKOUT_ATTEMPTS,
      lockUntil,
    );
    await audit(ip, 'login', 'failure', { target: username, detail: { reason: 'password', failedLogins } });
    throw locked ? lockedError(lockUntil) : invalidCredentials();
  }

  return {
    async login(input: Required<LoginRequest>, captchaId: string | undefined, ip: string | null) {
      const { userType, username, password } = input;
      if (!(await captcha.check(captchaId, input.captcha))) {
        await audit(ip, 'login', 'failure', { target: username, detail: { reason: 'captcha' } });
        throw new AppError('CAPTCHA_INVALID', '验证码错误或已过期，请重新输入');
      }
      const account = await findLoginAccount(db, userType, username);
      if (!account) {
        await verifyPassword(await dummyHash(params), password); // same work as a wrong password
        await audit(ip, 'login', 'failure', { target: username, detail: { reason: 'unknown_account' } });
        throw invalidCredentials();
      }
      const now = clock.now();
      if (account.lockedUntil && account.lockedUntil > now) {
        await audit(ip, 'login', 'failure', { target: username, detail: { reason: 'locked' } });
        throw lockedError(account.lockedUntil);
      }
      if (account.lockedUntil) await registerLoginSuccess(db, account.table, account.id); // lock expired
      if (!(await verifyPassword(account.passwordHash, password))) return failPassword(account, ip, username);
      if (account.disabled) {
        await audit(ip, 'login', 'failure', { target: username, detail: { reason: 'disabled' } });
        throw new AppError('ACCOUNT_DISABLED', '账户已停用，请联系所属地方注协');
      }
      const newHash = needsRehash(account.passwordHash, params)
        ? await hashPassword(password, params)
        : undefined;
      const token = randomBytes(32).toString('base64url');
      const subjectType: 'member' | 'staff' = account.table === 'members' ? 'member' : 'staff';
      await db.transaction(async (tx) => {
        await registerLoginSuccess(tx, account.table, account.id, newHash);
        await insertSession(tx, {
          tokenHash: hashToken(token),
          subjectType,
          subjectId: account.id,
          now,
          expiresAt: new Date(now.getTime() + config.SESSION_ABSOLUTE_HOURS * 3600_000),
          ip,
        });
        await recordAudit(tx, {
          at: now,
          actorType: subjectType,
          actorId: account.id,
          actorName: account.name,
          action: 'login',
          target: username,
          result: 'success',
          ip,
        });
      });
      return { token, subjectType, id: account.id };
    },

    /** The principal of a session token, or null when it is unknown, idle too long or past its limit. */
    async resolve(token: string): Promise<Principal | null> {
      const hash = hashToken(token);
      const loaded = await loadSession(deps.database, hash);
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
