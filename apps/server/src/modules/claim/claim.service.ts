import { checkDetails, detailFieldsOf, MEMBER_TERMS, toHundredths, uniqueTokens } from '@cpe/rules';
import type { CatalogueResponse, Claim, ClaimList, ClaimRequest } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import {
  type EvidenceService,
  MAX_FILES,
  presentEvidence,
  type Upload,
} from '../evidence/evidence.service.ts';
import type { RulesService } from '../rules/rules.service.ts';
import {
  activeClaims,
  approvedClaims,
  type ClaimDraft,
  type ClaimRow,
  deleteEvidence,
  type EvidenceRow,
  evidenceOf,
  findClaim,
  findEvidence,
  insertClaim,
  lockMember,
  markSubmitted,
  memberClaims,
  memberContact,
  setClaimStatus,
  updateClaimDraft,
} from './claim.repository.ts';
import { catalogueItem, creditedByApproved, hoursOf, rawHundredths, yearRules } from './claim.rules.ts';

const h = hoursOf;
const EDITABLE = new Set(['draft', 'returned']);

/** A claim as the member and the reviewer see it. */
export function presentClaim(
  c: ClaimRow,
  evidence: EvidenceRow[],
  itemLabel: string,
  duplicateOf: number | null,
): Claim {
  return {
    id: c.id,
    year: c.year,
    item: c.item,
    itemLabel,
    units: h(c.unitsHundredths),
    details: c.details,
    status: c.status,
    computedHours: h(c.computedHundredths ?? 0),
    grantedHours: c.grantedHundredths === null ? null : h(c.grantedHundredths),
    reviewComment: c.reviewComment,
    submittedAt: c.submittedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    evidence: evidence.filter((e) => e.claimId === c.id).map(presentEvidence),
    duplicateOf,
  };
}

/** Another active claim of the member naming the same work, or null. */
export function duplicateAmong(
  claim: ClaimRow | (ClaimDraft & { id?: number }),
  others: ClaimRow[],
): number | null {
  const tokens = new Set(claim.uniqueTokens);
  const other = others.find((o) => o.id !== claim.id && o.uniqueTokens.some((t) => tokens.has(t)));
  return other ? other.id : null;
}

export type ClaimService = ReturnType<typeof claimService>;

export function claimService(deps: Deps, rules: RulesService, evidence: EvidenceService) {
  const { db, clock } = deps;

  async function own(member: MemberPrincipal, id: number, tx: Executor = db, forUpdate = false) {
    const claim = await findClaim(tx, id, forUpdate);
    // Another member's claim is reported as missing: its existence is not disclosed.
    if (!claim || claim.memberId !== member.id) throw notFound('申报');
    return claim;
  }

  async function draftFrom(member: MemberPrincipal, req: ClaimRequest): Promise<ClaimDraft> {
    const { data } = await yearRules(db, req.year, member);
    const item = catalogueItem(data, req.item, member.memberType, req.year);
    const unitsHundredths = toHundredths(req.units);
    rawHundredths(item, unitsHundredths);
    const checked = checkDetails(item, req.details);
    if (checked.problems.length > 0) throw new AppError('VALIDATION_FAILED', checked.problems.join('；'));
    return {
      memberId: member.id,
      year: req.year,
      item: item.code,
      itemVersion: item.version,
      unitsHundredths,
      details: checked.details,
      uniqueTokens: uniqueTokens(item, checked.details),
    };
  }

  async function labelOf(year: number) {
    const loaded = await rules.load(year);
    const byCode = new Map((loaded?.data.catalogue ?? []).map((i) => [i.code, i]));
    return (code: string) => {
      const item = byCode.get(code);
      return item ? `${item.article} ${item.description}` : code;
    };
  }

  return {
    /** GET /api/catalogue: the items open to the member's type this year, and what the preview needs. */
    async catalogue(member: MemberPrincipal, year: number): Promise<CatalogueResponse> {
      const { version, data, ruleSet } = await yearRules(db, year, member);
      const open = <T extends { memberTypes: string[]; activeFrom: number; activeTo: number | null }>(x: T) =>
        x.memberTypes.includes(member.memberType) &&
        x.activeFrom <= year &&
        (x.activeTo === null || year <= x.activeTo);
      const [approved, contact] = await Promise.all([
        approvedClaims(db, member.id, year),
        memberContact(db, member.id),
      ]);
      const credited = creditedByApproved(approved, data, ruleSet, member.memberType);
      return {
        year,
        ruleVersion: version,
        ruleSet,
        items: data.catalogue.filter(open).map((i) => ({ ...i, fields: detailFieldsOf(i) })),
        grounds: data.exemptionGrounds.filter(open),
        credited: {
          output: h(credited.output),
          byItem: Object.fromEntries([...credited.byItem].map(([k, v]) => [k, h(v)])),
        },
        registeredOn: contact?.registeredOn ?? '',
      };
    },

    async list(member: MemberPrincipal, year: number): Promise<ClaimList> {
      const { data, ruleSet } = await yearRules(db, year, member);
      const [claims, active] = await Promise.all([
        memberClaims(db, member.id, year),
        activeClaims(db, member.id),
      ]);
      const files = await evidenceOf(
        db,
        'claim',
        claims.map((c) => c.id),
      );
      const label = await labelOf(year);
      const credited = creditedByApproved(
        claims.filter((c) => c.status === 'approved').reverse(),
        data,
        ruleSet,
        member.memberType,
      );
      return {
        year,
        creditedOutput: h(credited.output),
        outputCap: ruleSet.outputCap === null ? null : h(ruleSet.outputCap),
        claims: claims.map((c) =>
          presentClaim(
            c,
            files,
            label(c.item),
            EDITABLE.has(c.status) || c.status === 'submitted' ? duplicateAmong(c, active) : null,
          ),
        ),
      };
    },

    async get(member: MemberPrincipal, id: number): Promise<Claim> {
      const claim = await own(member, id);
      const [files, active, label] = await Promise.all([
        evidenceOf(db, 'claim', [claim.id]),
        activeClaims(db, member.id),
        labelOf(claim.year),
      ]);
      return presentClaim(claim, files, label(claim.item), duplicateAmong(claim, active));
    },

    async create(member: MemberPrincipal, req: ClaimRequest): Promise<{ id: number }> {
      const draft = await draftFrom(member, req);
      const id = await insertClaim(db, draft, clock.now());
      return { id };
    },

    async update(member: MemberPrincipal, id: number, req: ClaimRequest): Promise<Claim> {
      const draft = await draftFrom(member, req);
      await db.transaction(async (tx) => {
        const claim = await own(member, id, tx, true);
        if (!EDITABLE.has(claim.status))
          throw new AppError('CLAIM_STATE_CONFLICT', '该申报已提交或已审核，不能修改');
        await updateClaimDraft(tx, id, draft, clock.now());
      });
      return this.get(member, id);
    },

    /** Submits a draft, or a returned claim with the material asked for; the same work twice is refused. */
    async submit(member: MemberPrincipal, id: number, ip: string | null): Promise<Claim> {
      const now = clock.now();
      await db.transaction(async (tx) => {
        await lockMember(tx, member.id);
        const claim = await own(member, id, tx, true);
        if (!EDITABLE.has(claim.status)) throw new AppError('CLAIM_STATE_CONFLICT', '该申报已提交或已审核');
        const { data } = await yearRules(tx, claim.year, member);
        const item = catalogueItem(data, claim.item, member.memberType, claim.year);
        const files = await evidenceOf(tx, 'claim', [id]);
        if (files.length === 0) throw new AppError('VALIDATION_FAILED', '请先上传证明材料');
        const duplicate = duplicateAmong(claim, await activeClaims(tx, member.id));
        if (duplicate !== null) {
          throw new AppError('DUPLICATE_CLAIM', `同一成果已申报（申报编号 ${duplicate}），不能重复申报`);
        }
        await markSubmitted(tx, id, rawHundredths(item, claim.unitsHundredths), now);
        await recordAudit(tx, {
          at: now,
          actorType: 'member',
          actorId: member.id,
          actorName: member.name,
          action: claim.status === 'returned' ? 'claim.resubmit' : 'claim.submit',
          target: `claim/${id}`,
          result: 'success',
          ip,
          detail: { item: claim.item, year: claim.year },
        });
      });
      return this.get(member, id);
    },

    /** Takes back a claim not yet reviewed (a draft, a submitted or a returned claim). */
    async withdraw(member: MemberPrincipal, id: number, ip: string | null): Promise<Claim> {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const claim = await own(member, id, tx, true);
        if (!['draft', 'submitted', 'returned'].includes(claim.status)) {
          throw new AppError('CLAIM_STATE_CONFLICT', '该申报已审核，不能撤回');
        }
        await setClaimStatus(tx, id, 'withdrawn', now);
        await recordAudit(tx, {
          at: now,
          actorType: 'member',
          actorId: member.id,
          actorName: member.name,
          action: 'claim.withdraw',
          target: `claim/${id}`,
          result: 'success',
          ip,
        });
      });
      return this.get(member, id);
    },

    async addEvidence(member: MemberPrincipal, id: number, upload: Upload) {
      await own(member, id);
      return evidence.upload(member.id, { claimId: id }, upload, async (tx) => {
        const claim = await own(member, id, tx, true);
        if (!EDITABLE.has(claim.status))
          throw new AppError('CLAIM_STATE_CONFLICT', '该申报已提交，不能再上传材料');
        if ((await evidenceOf(tx, 'claim', [id])).length >= MAX_FILES) {
          throw new AppError('VALIDATION_FAILED', `每项申报最多上传 ${MAX_FILES} 个文件`);
        }
      });
    },

    async removeEvidence(member: MemberPrincipal, id: number, fileId: number): Promise<void> {
      const key = await db.transaction(async (tx) => {
        const claim = await own(member, id, tx, true);
        const file = await findEvidence(tx, fileId);
        if (!file || file.claimId !== claim.id) throw notFound('文件');
        if (!EDITABLE.has(claim.status))
          throw new AppError('CLAIM_STATE_CONFLICT', '该申报已提交，不能删除材料');
        await deleteEvidence(tx, fileId);
        return file.storageKey;
      });
      await evidence.store.remove(key);
    },

    terms: (member: MemberPrincipal) => MEMBER_TERMS[member.memberType],
  };
}
