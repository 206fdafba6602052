import type { Exemption, ExemptionRequest } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import { type EvidenceRow, evidenceOf, lockMember } from '../claim/claim.repository.ts';
import { yearRules } from '../claim/claim.rules.ts';
import {
  type EvidenceService,
  MAX_FILES,
  presentEvidence,
  type Upload,
} from '../evidence/evidence.service.ts';
import type { RulesService } from '../rules/rules.service.ts';
import {
  activeExemptionsOnGround,
  type ExemptionRow,
  findExemption,
  insertExemption,
  memberExemptions,
  setExemptionStatus,
} from './exemption.repository.ts';
import { checkPeriod, exemptionGround } from './exemption.rules.ts';

const EDITABLE = new Set(['draft', 'returned']);

export function presentExemption(x: ExemptionRow, evidence: EvidenceRow[], groundLabel: string): Exemption {
  return {
    id: x.id,
    year: x.year,
    ground: x.ground,
    groundLabel,
    periodFrom: x.periodFrom,
    periodTo: x.periodTo,
    note: x.note,
    status: x.status,
    reviewComment: x.reviewComment,
    submittedAt: x.submittedAt?.toISOString() ?? null,
    decidedAt: x.decidedAt?.toISOString() ?? null,
    createdAt: x.createdAt.toISOString(),
    evidence: evidence.filter((e) => e.exemptionId === x.id).map(presentEvidence),
  };
}

export type ExemptionService = ReturnType<typeof exemptionService>;

export function exemptionService(deps: Deps, rules: RulesService, evidence: EvidenceService) {
  const { db, clock } = deps;

  async function own(member: MemberPrincipal, id: number, tx: Executor = db, forUpdate = false) {
    const x = await findExemption(tx, id, forUpdate);
    if (!x || x.memberId !== member.id) throw notFound('申请');
    return x;
  }
  async function labels(year: number) {
    const loaded = await rules.load(year);
    const byCode = new Map((loaded?.data.exemptionGrounds ?? []).map((g) => [g.code, g.label]));
    return (code: string) => byCode.get(code as never) ?? code;
  }
  const audit = (tx: Executor, member: MemberPrincipal, action: string, id: number, ip: string | null) =>
    recordAudit(tx, {
      at: clock.now(),
      actorType: 'member',
      actorId: member.id,
      actorName: member.name,
      action,
      target: `exemption/${id}`,
      result: 'success',
      ip,
    });

  return {
    async list(member: MemberPrincipal, year: number) {
      const rows = await memberExemptions(db, member.id, year);
      const files = await evidenceOf(
        db,
        'exemption',
        rows.map((r) => r.id),
      );
      const label = await labels(year);
      return { year, exemptions: rows.map((r) => presentExemption(r, files, label(r.ground))) };
    },

    async get(member: MemberPrincipal, id: number): Promise<Exemption> {
      const x = await own(member, id);
      const label = await labels(x.year);
      return presentExemption(x, await evidenceOf(db, 'exemption', [id]), label(x.ground));
    },

    async create(member: MemberPrincipal, req: ExemptionRequest): Promise<{ id: number }> {
      const { data } = await yearRules(db, req.year, member);
      const ground = exemptionGround(data, req.ground, member.memberType, req.year);
      checkPeriod(req.year, req.periodFrom, req.periodTo);
      const id = await insertExemption(
        db,
        {
          memberId: member.id,
          year: req.year,
          ground: ground.code,
          groundVersion: ground.version,
          periodFrom: req.periodFrom,
          periodTo: req.periodTo,
          note: req.note,
        },
        clock.now(),
      );
      return { id };
    },

    async submit(member: MemberPrincipal, id: number, ip: string | null): Promise<Exemption> {
      await db.transaction(async (tx) => {
        await lockMember(tx, member.id);
        const x = await own(member, id, tx, true);
        if (!EDITABLE.has(x.status)) throw new AppError('CLAIM_STATE_CONFLICT', '该申请已提交或已审核');
        if ((await evidenceOf(tx, 'exemption', [id])).length === 0) {
          throw new AppError('VALIDATION_FAILED', '请先上传证明材料');
        }
        const others = (await activeExemptionsOnGround(tx, member.id, x.year, x.ground)).filter(
          (o) => o !== id,
        );
        if (others.length > 0)
          throw new AppError('DUPLICATE_CLAIM', '本年度已有同一事由的申请，不能重复申请');
        await setExemptionStatus(tx, id, 'submitted', clock.now(), true);
        await audit(tx, member, x.status === 'returned' ? 'exemption.resubmit' : 'exemption.submit', id, ip);
      });
      return this.get(member, id);
    },

    async withdraw(member: MemberPrincipal, id: number, ip: string | null): Promise<Exemption> {
      await db.transaction(async (tx) => {
        const x = await own(member, id, tx, true);
        if (!['draft', 'submitted', 'returned'].includes(x.status)) {
          throw new AppError('CLAIM_STATE_CONFLICT', '该申请已审核，不能撤回');
        }
        await setExemptionStatus(tx, id, 'withdrawn', clock.now());
        await audit(tx, member, 'exemption.withdraw', id, ip);
      });
      return this.get(member, id);
    },

    async addEvidence(member: MemberPrincipal, id: number, upload: Upload) {
      await own(member, id);
      return evidence.upload(member.id, { exemptionId: id }, upload, async (tx) => {
        const x = await own(member, id, tx, true);
        if (!EDITABLE.has(x.status))
          throw new AppError('CLAIM_STATE_CONFLICT', '该申请已提交，不能再上传材料');
        if ((await evidenceOf(tx, 'exemption', [id])).length >= MAX_FILES) {
          throw new AppError('VALIDATION_FAILED', `每项申请最多上传 ${MAX_FILES} 个文件`);
        }
      });
    },
  };
}
