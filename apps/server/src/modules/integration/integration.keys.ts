import { randomBytes } from 'node:crypto';
import type { IntegrationKey } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { disableClient, insertClient, instituteIdByCode, listClients } from './integration.repository.ts';

/** Who changes a key: the operator's command, or an institute admin for their own institute. */
type KeyActor = { kind: 'system'; name: string } | { kind: 'staff'; staff: StaffPrincipal };

const actorOf = (a: KeyActor) =>
  a.kind === 'system'
    ? { actorType: 'system' as const, actorName: a.name }
    : { actorType: 'staff' as const, actorId: a.staff.id, actorName: a.staff.username };

/** The institute an institute admin works for; 403 for anyone else. */
function ownInstitute(staff: StaffPrincipal): number {
  if (staff.role !== 'institute_admin' || staff.instituteId === null) {
    throw new AppError('FORBIDDEN', '仅学院管理员可管理本学院的对接密钥');
  }
  return staff.instituteId;
}

/** The institutes' API keys of the integration API (`cpe integration ...`, 对接密钥); every change audited. */
export function integrationKeys({ db, clock }: Deps) {
  async function issue(instituteId: number, actor: KeyActor) {
    const keyId = `ik_${randomBytes(8).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const at = clock.now();
    const createdBy = actor.kind === 'system' ? actor.name : actor.staff.username;
    await db.transaction(async (tx) => {
      await insertClient(tx, { instituteId, keyId, secret, createdAt: at, createdBy });
      await recordAudit(tx, {
        at,
        ...actorOf(actor),
        action: 'integration.key_create',
        target: keyId,
        result: 'success',
        detail: { instituteId },
      });
    });
    return { keyId, secret, instituteId };
  }

  async function disable(keyId: string, actor: KeyActor, instituteId?: number) {
    const at = clock.now();
    return db.transaction(async (tx) => {
      const done = await disableClient(tx, keyId, at, instituteId);
      if (done) {
        await recordAudit(tx, {
          at,
          ...actorOf(actor),
          action: 'integration.key_disable',
          target: keyId,
          result: 'success',
        });
      }
      return done;
    });
  }

  return {
    /** A new key for the institute with this code: the secret is returned here and never again. */
    async create(instituteCode: string, createdBy: string) {
      const instituteId = await instituteIdByCode(db, instituteCode);
      if (instituteId === null) throw new AppError('NOT_FOUND', `没有代码为 ${instituteCode} 的学院`);
      return issue(instituteId, { kind: 'system', name: createdBy });
    },
    list: () => listClients(db),
    disable: (keyId: string, by: string) => disable(keyId, { kind: 'system', name: by }),

    /** 对接密钥: the admin's institute's keys, never a secret. */
    async listOwn(staff: StaffPrincipal): Promise<{ keys: IntegrationKey[] }> {
      const keys = await listClients(db, ownInstitute(staff));
      return {
        keys: keys.map((k) => ({
          keyId: k.keyId,
          createdAt: k.createdAt.toISOString(),
          createdBy: k.createdBy,
          disabledAt: k.disabledAt?.toISOString() ?? null,
        })),
      };
    },
    async issueOwn(staff: StaffPrincipal) {
      const { keyId, secret } = await issue(ownInstitute(staff), { kind: 'staff', staff });
      return { keyId, secret };
    },
    async disableOwn(staff: StaffPrincipal, keyId: string) {
      if (!(await disable(keyId, { kind: 'staff', staff }, ownInstitute(staff)))) {
        throw new AppError('NOT_FOUND', '本学院没有该启用中的密钥');
      }
    },
  };
}

export type IntegrationKeys = ReturnType<typeof integrationKeys>;
