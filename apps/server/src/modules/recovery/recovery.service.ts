import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { maskMobile, type RecoveryStart } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findLoginAccount, updatePasswordHash } from '../auth/account.repository.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { CaptchaService } from '../auth/captcha.service.ts';
import { hashParams, hashPassword, verifyPassword } from '../auth/password.ts';
import type { Limiter } from '../limiter/limiter.ts';
import { enqueueSms } from '../sms/sms-outbox.repository.ts';
import { passwordProblem } from '../staff/password-policy.ts';
import {
  completeRecovery,
  endMemberSessions,
  findMemberById,
  findRecovery,
  insertRecovery,
  lockRecovery,
  type RecoveryRequest,
  recordCodeFailure,
  storeCode,
  updateMemberMobile,
} from './recovery.repository.ts';

const MINUTE = 60_000;
/** Every limit of recovery codes (docs: README "Password recovery limits"). */
export const RECOVERY_LIMITS = {
  codeValidMs: 10 * MINUTE,
  wrongEntriesKillCode: 5,
  requestValidMs: 30 * MINUTE,
  perPhone: [
    { max: 1, windowMs: MINUTE },
    { max: 5, windowMs: 60 * MINUTE },
    { max: 10, windowMs: 24 * 60 * MINUTE },
  ],
} as const;

/** Bound to its request: the same digits for another request give another hash. */
export const codeDigest = (recoveryId: string, code: string) =>
  createHash('sha256').update(`${recoveryId}:${code}`).digest('hex');

const sameDigest = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** 6 digits from the operating system's secure generator. */
export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

const gone = () => new AppError('NOT_FOUND', '找回请求不存在或已过期，请重新开始');
const rateLimited = () => ({ message: '短信发送过于频繁，请稍后再试' });
const codeInvalid = (why: string) => new AppError('SMS_CODE_INVALID', why);

export interface RecoveryContext {
  ip: string | null;
}

/**
 * 忘记密码 (guide part 三) and the member's own password and phone changes. A code is sent only for a
 * request made after a captcha; it proves the phone, and the request says for whom and what for.
 */
export function recoveryService(
  deps: Deps,
  auth: AuthService,
  captcha: CaptchaService,
  limiter: Limiter,
  /** called once a code is queued (the app starts a dispatch when jobs run) */
  onQueued: () => void = () => {},
) {
  const { db, clock, config } = deps;
  const params = hashParams(config);

  const audit = (
    actor: { type: 'member' | 'anonymous'; id?: number; name?: string },
    action: string,
    result: 'success' | 'failure',
    ip: string | null,
    extra: { target?: string; detail?: Record<string, unknown> } = {},
  ) =>
    recordAudit(db, {
      at: clock.now(),
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorName: actor.name ?? null,
      action,
      result,
      ip,
      ...extra,
    });

  function weakPassword(password: string, username: string) {
    const problem = passwordProblem(password, username);
    if (problem) throw new AppError('VALIDATION_FAILED', problem);
  }

  /** Per client address, then per phone (minute, hour, day): the first refusal stops the count. */
  async function checkSendLimits(phone: string, ip: string | null) {
    const byIp = await limiter.hit(`sms:ip:${ip ?? 'unknown'}`, {
      max: config.RECOVERY_SMS_PER_IP_HOUR,
      windowMs: 60 * MINUTE,
    });
    if (!byIp.allowed) return byIp;
    for (const rule of RECOVERY_LIMITS.perPhone) {
      const decision = await limiter.hit(`sms:mobile:${phone}:${rule.windowMs}`, rule);
      if (!decision.allowed) return decision;
    }
    return null;
  }

  function usable(r: RecoveryRequest | null, purpose: RecoveryRequest['purpose']): RecoveryRequest {
    if (!r || r.purpose !== purpose || r.completedAt || r.expiresAt <= clock.now()) throw gone();
    return r;
  }

  /** Sends a new code for the request, within every limit; the text goes only to the outbox. */
  async function sendCode(recoveryId: string, purpose: RecoveryRequest['purpose'], ctx: RecoveryContext) {
    const request = usable(await findRecovery(db, recoveryId), purpose);
    const refused = await checkSendLimits(request.phone, ctx.ip);
    if (refused) {
      await audit({ type: 'anonymous' }, 'recovery_sms', 'failure', ctx.ip, {
        target: maskMobile(request.phone),
        detail: { reason: 'rate_limited' },
      });
      throw new AppError('RATE_LIMITED', rateLimited().message, {
        retryAfterSeconds: refused.retryAfterSeconds,
      });
    }
    const code = newCode();
    const now = clock.now();
    const text =
      purpose === 'reset_password'
        ? `您正在找回注册会计师继续教育系统的密码，验证码 ${code}，10 分钟内有效。如非本人操作，请忽略本短信，切勿告知他人。`
        : `您正在将此号码设为注册会计师继续教育系统的登记手机，验证码 ${code}，10 分钟内有效。如非本人操作，请忽略。`;
    await db.transaction(async (tx) => {
      const locked = usable(await lockRecovery(tx, recoveryId), purpose);
      await storeCode(
        tx,
        locked.id,
        codeDigest(locked.id, code),
        new Date(now.getTime() + RECOVERY_LIMITS.codeValidMs),
      );
      await enqueueSms(
        tx,
        { phone: locked.phone, memberId: locked.memberId, purpose: 'recovery_code', body: text },
        now,
      );
      await recordAudit(tx, {
        at: now,
        actorType: 'anonymous',
        action: purpose === 'reset_password' ? 'recovery_sms' : 'phone_change_sms',
        target: maskMobile(locked.phone),
        result: 'success',
        ip: ctx.ip,
        detail: { memberId: locked.memberId },
      });
    });
    onQueued();
    return { maskedPhone: maskMobile(request.phone), validSeconds: RECOVERY_LIMITS.codeValidMs / 1000 };
  }

  /**
   * Checks the code under the request's row lock and, when right, runs `onValid` in the same
   * transaction. A wrong code is counted (and kills the code at the 5th) even though the call fails.
   */
  async function useCode<T>(
    recoveryId: string,
    purpose: RecoveryRequest['purpose'],
    code: string,
    onValid: (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], r: RecoveryRequest) => Promise<T>,
  ): Promise<T> {
    const outcome = await db.transaction(async (tx) => {
      const r = usable(await lockRecovery(tx, recoveryId), purpose);
      const now = clock.now();
      if (!r.codeHash || !r.codeExpiresAt) {
        return { ok: false as const, error: codeInvalid('验证码已失效，请重新获取') };
      }
      if (r.codeExpiresAt <= now)
        return { ok: false as const, error: codeInvalid('验证码已过期，请重新获取') };
      if (!sameDigest(r.codeHash, codeDigest(r.id, code))) {
        await recordCodeFailure(tx, r.id, RECOVERY_LIMITS.wrongEntriesKillCode);
        const left = RECOVERY_LIMITS.wrongEntriesKillCode - r.codeFailures - 1;
        return {
          ok: false as const,
          error: codeInvalid(
            left > 0 ? `验证码错误，还可再试 ${left} 次` : '验证码错误次数过多，已失效，请重新获取',
          ),
        };
      }
      await completeRecovery(tx, r.id, now);
      return { ok: true as const, value: await onValid(tx, r) };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  return {
    /** Step 1: user type, user name and captcha; the answer shows the registered phone masked, nothing more. */
    async start(input: Required<RecoveryStart>, ctx: RecoveryContext & { captchaId: string | undefined }) {
      if (config.CAPTCHA_ENABLED && !(await captcha.check(ctx.captchaId, input.captcha))) {
        await audit({ type: 'anonymous' }, 'recovery_start', 'failure', ctx.ip, {
          target: input.username,
          detail: { reason: 'captcha' },
        });
        throw new AppError('CAPTCHA_INVALID', '验证码错误或已过期，请重新输入');
      }
      const account = await findLoginAccount(db, input.userType, input.username);
      if (account?.table !== 'members' || account.disabled) {
        await audit({ type: 'anonymous' }, 'recovery_start', 'failure', ctx.ip, {
          target: input.username,
          detail: { reason: account ? 'disabled' : 'unknown_account' },
        });
        throw new AppError('NOT_FOUND', '未找到该用户类型和用户名对应的有效账户');
      }
      const member = await findMemberById(db, account.id);
      const now = clock.now();
      const id = randomBytes(24).toString('base64url');
      await insertRecovery(db, {
        id,
        memberId: account.id,
        purpose: 'reset_password',
        phone: member!.mobile,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RECOVERY_LIMITS.requestValidMs),
        ip: ctx.ip,
      });
      await audit({ type: 'anonymous' }, 'recovery_start', 'success', ctx.ip, { target: input.username });
      return { recoveryId: id, maskedPhone: maskMobile(member!.mobile) };
    },

    sendRecoveryCode: (recoveryId: string, ctx: RecoveryContext) =>
      sendCode(recoveryId, 'reset_password', ctx),

    /** Step 3: the code and the new password; every session ends, a notice goes out, nobody is logged in. */
    async reset(recoveryId: string, input: { code: string; newPassword: string }, ctx: RecoveryContext) {
      const request = usable(await findRecovery(db, recoveryId), 'reset_password');
      const member = await findMemberById(db, request.memberId);
      if (!member) throw gone();
      weakPassword(input.newPassword, member.username);
      const hash = await hashPassword(input.newPassword, params);
      try {
        await useCode(recoveryId, 'reset_password', input.code, async (tx, r) => {
          const now = clock.now();
          await updatePasswordHash(tx, 'members', r.memberId, hash);
          await endMemberSessions(tx, r.memberId, null);
          await enqueueSms(
            tx,
            {
              phone: member.mobile,
              memberId: r.memberId,
              purpose: 'password_reset',
              body: '您的注册会计师继续教育系统密码已通过忘记密码重新设置，所有登录已退出。如非本人操作，请立即致电中注协技术部。',
            },
            now,
          );
          await recordAudit(tx, {
            at: now,
            actorType: 'member',
            actorId: member.id,
            actorName: member.name,
            action: 'password_reset',
            target: member.username,
            result: 'success',
            ip: ctx.ip,
          });
        });
      } catch (e) {
        if (e instanceof AppError && e.code === 'SMS_CODE_INVALID') {
          await audit({ type: 'anonymous' }, 'password_reset', 'failure', ctx.ip, {
            target: member.username,
            detail: { reason: 'code' },
          });
        }
        throw e;
      }
      await auth.clearMemberFailures(member.username);
    },

    /** A signed-in member changes the password: the current one is required; other sessions end. */
    async changePassword(
      memberId: number,
      sessionHash: string,
      input: { currentPassword: string; newPassword: string },
      ctx: RecoveryContext,
    ) {
      const member = await findMemberById(db, memberId);
      if (!member) throw gone();
      await reauthenticate(member, input.currentPassword, ctx);
      weakPassword(input.newPassword, member.username);
      const hash = await hashPassword(input.newPassword, params);
      await db.transaction(async (tx) => {
        const now = clock.now();
        await updatePasswordHash(tx, 'members', memberId, hash);
        await endMemberSessions(tx, memberId, sessionHash);
        await enqueueSms(
          tx,
          {
            phone: member.mobile,
            memberId,
            purpose: 'password_changed',
            body: '您的注册会计师继续教育系统密码已修改，其他设备上的登录已退出。如非本人操作，请立即致电中注协技术部。',
          },
          now,
        );
        await recordAudit(tx, {
          at: now,
          actorType: 'member',
          actorId: memberId,
          actorName: member.name,
          action: 'password_change',
          target: member.username,
          result: 'success',
          ip: ctx.ip,
        });
      });
    },

    /** Phone change, step 1: the current password again, then a code to the new phone. */
    async startPhoneChange(
      memberId: number,
      input: { currentPassword: string; newPhone: string },
      ctx: RecoveryContext,
    ) {
      const member = await findMemberById(db, memberId);
      if (!member) throw gone();
      await reauthenticate(member, input.currentPassword, ctx);
      if (input.newPhone === member.mobile) throw new AppError('CONFLICT', '新手机号码与当前登记的号码相同');
      const now = clock.now();
      const id = randomBytes(24).toString('base64url');
      await insertRecovery(db, {
        id,
        memberId,
        purpose: 'change_phone',
        phone: input.newPhone,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RECOVERY_LIMITS.requestValidMs),
        ip: ctx.ip,
      });
      const sent = await sendCode(id, 'change_phone', ctx);
      return { recoveryId: id, maskedPhone: sent.maskedPhone };
    },

    /** Phone change, step 2: the code sent to the new phone; the old phone is told. */
    async confirmPhoneChange(
      memberId: number,
      input: { recoveryId: string; code: string },
      ctx: RecoveryContext,
    ) {
      const member = await findMemberById(db, memberId);
      const request = await findRecovery(db, input.recoveryId);
      if (!member || !request || request.memberId !== memberId) throw gone();
      await useCode(input.recoveryId, 'change_phone', input.code, async (tx, r) => {
        const now = clock.now();
        await updateMemberMobile(tx, memberId, r.phone);
        await enqueueSms(
          tx,
          {
            phone: member.mobile,
            memberId,
            purpose: 'phone_changed',
            body: `您在注册会计师继续教育系统登记的手机号码已改为 ${maskMobile(r.phone)}。如非本人操作，请立即致电中注协技术部。`,
          },
          now,
        );
        await recordAudit(tx, {
          at: now,
          actorType: 'member',
          actorId: memberId,
          actorName: member.name,
          action: 'phone_change',
          target: member.username,
          result: 'success',
          ip: ctx.ip,
          detail: { from: maskMobile(member.mobile), to: maskMobile(r.phone) },
        });
      });
      return { maskedPhone: maskMobile(request.phone) };
    },
  };

  /** Current password checks count per member (5 per 15 minutes) so a stolen session cannot guess it. */
  async function reauthenticate(
    member: { id: number; username: string; name: string; passwordHash: string | null },
    password: string,
    ctx: RecoveryContext,
  ) {
    const decision = await limiter.hit(`reauth:member:${member.id}`, { max: 5, windowMs: 15 * MINUTE });
    if (!decision.allowed) throw new AppError('RATE_LIMITED', '尝试次数过多，请稍后再试');
    // an imported member who never set a password has none to confirm
    if (!member.passwordHash || !(await verifyPassword(member.passwordHash, password))) {
      await audit({ type: 'member', id: member.id, name: member.name }, 'reauthenticate', 'failure', ctx.ip, {
        target: member.username,
      });
      throw new AppError('CURRENT_PASSWORD_WRONG', '当前密码不正确');
    }
  }
}

export type RecoveryService = ReturnType<typeof recoveryService>;
