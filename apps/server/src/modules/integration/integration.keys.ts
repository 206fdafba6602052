import { randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { disableClient, insertClient, instituteIdByCode, listClients } from './integration.repository.ts';

/** The institutes' API keys of the integration API (`cpe integration ...`); every change audited. */
export function integrationKeys({ db, clock }: Deps) {
  return {
    /** A new key for the institute with this code: the secret is returned here and never again. */
    async create(instituteCode: string, createdBy: string) {
      const instituteId = await instituteIdByCode(db, instituteCode);
      if (instituteId === null) throw new AppError('NOT_FOUND', `没有代码为 ${instituteCode} 的学院`);
      const keyId = `ik_${randomBytes(8).toString('hex')}`;
      const secret = randomBytes(32).toString('base64url');
      const at = clock.now();
      await db.transaction(async (tx) => {
        await insertClient(tx, { instituteId, keyId, secret, createdAt: at, createdBy });
        await recordAudit(tx, {
          at,
          actorType: 'system',
          actorName: createdBy,
          action: 'integration.key_create',
          target: keyId,
          result: 'success',
          detail: { instituteId },
        });
      });
      return { keyId, secret, instituteId };
    },
    list: () => listClients(db),
    async disable(keyId: string, by: string) {
      const at = clock.now();
      return db.transaction(async (tx) => {
        const done = await disableClient(tx, keyId, at);
        if (done) {
          await recordAudit(tx, {
            at,
            actorType: 'system',
            actorName: by,
            action: 'integration.key_disable',
            target: keyId,
            result: 'success',
          });
        }
        return done;
      });
    },
  };
}
