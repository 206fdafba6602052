import { type StaffRole, staffRoleLabels, staffRoles } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashParams, hashPassword } from '../auth/password.ts';
import { deleteSubjectSessions } from '../auth/session.repository.ts';
import { passwordProblem } from './password-policy.ts';
import { disableStaff, findInstitute, findProvince, insertStaff } from './staff.repository.ts';

export interface CreateStaffInput {
  username: string;
  name?: string;
  role: string;
  /** Province code or name; provincial reviewers only. */
  province?: string;
  /** Institute id or code; institute admins only. */
  institute?: string;
  password: string;
}

/** Who ran an operator command (the operating-system account), for the audit log. */
export interface Operator {
  name: string;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

/** Staff accounts made and disabled by an operator (`cpe staff ...`). */
export function staffService(deps: Deps) {
  const { db, clock, config } = deps;
  return {
    async create(input: CreateStaffInput, operator: Operator) {
      if (!USERNAME.test(input.username)) {
        throw new AppError(
          'VALIDATION_FAILED',
          '用户名须为 3 至 64 位字母、数字、点、下划线或连字符，且以字母或数字开头',
        );
      }
      if (!(staffRoles as readonly string[]).includes(input.role)) {
        throw new AppError('VALIDATION_FAILED', `角色须为 ${staffRoles.join('、')} 之一`);
      }
      const role = input.role as StaffRole;
      const weak = passwordProblem(input.password, input.username);
      if (weak) throw new AppError('VALIDATION_FAILED', `密码太弱：${weak}`);
      const needsProvince = role === 'provincial_reviewer';
      const needsInstitute = role === 'institute_admin';
      if (needsProvince !== !!input.province) {
        throw new AppError(
          'VALIDATION_FAILED',
          needsProvince ? '地方注协审核人员须指定 --province' : '只有地方注协审核人员可以指定 --province',
        );
      }
      if (needsInstitute !== !!input.institute) {
        throw new AppError(
          'VALIDATION_FAILED',
          needsInstitute
            ? '国家会计学院管理员须指定 --institute'
            : '只有国家会计学院管理员可以指定 --institute',
        );
      }
      const passwordHash = await hashPassword(input.password, hashParams(config));
      return db.transaction(async (tx) => {
        const province = input.province ? await findProvince(tx, input.province) : null;
        if (input.province && !province)
          throw new AppError('VALIDATION_FAILED', `没有省份 ${input.province}`);
        const institute = input.institute ? await findInstitute(tx, input.institute) : null;
        if (input.institute && !institute)
          throw new AppError('VALIDATION_FAILED', `没有国家会计学院 ${input.institute}`);
        const id = await insertStaff(tx, {
          username: input.username,
          name: input.name?.trim() || input.username,
          role,
          provinceCode: province?.code ?? null,
          instituteId: institute?.id ?? null,
          passwordHash,
        });
        if (id === null) throw new AppError('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`);
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'system',
          actorName: operator.name,
          action: 'staff.create',
          target: input.username,
          result: 'success',
          detail: { role, province: province?.code ?? null, institute: institute?.code ?? null },
        });
        return {
          id,
          username: input.username,
          role: staffRoleLabels[role],
          province: province?.name,
          institute: institute?.name,
        };
      });
    },

    /** Disables a staff account and ends its sessions at once. */
    async disable(username: string, operator: Operator) {
      return db.transaction(async (tx) => {
        const id = await disableStaff(tx, username);
        if (id === null) throw notFound(`管理人员账号 ${username} `);
        const ended = await deleteSubjectSessions(tx, 'staff', id).returning();
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'system',
          actorName: operator.name,
          action: 'staff.disable',
          target: username,
          result: 'success',
          detail: { sessionsEnded: ended.length },
        });
        return { username, sessionsEnded: ended.length };
      });
    },
  };
}
