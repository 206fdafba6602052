import { detailFieldsOf, toHundredths } from '@cpe/rules';
import { claimStatusLabels, type ReviewClaim, type ReviewExemption } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import {
  activeClaims,
  approvedClaims,
  type ClaimRow,
  evidenceOf,
  findClaim,
  lockMember,
  memberContact,
  recordClaimDecision,
} from '../claim/claim.repository.ts';
import {
  catalogueItem,
  creditedByApproved,
  hoursOf,
  rawHundredths,
  yearRules,
} from '../claim/claim.rules.ts';
import { duplicateAmong, presentClaim } from '../claim/claim.service.ts';
import { findExemption, recordExemptionDecision } from '../exemption/exemption.repository.ts';
import { describeExemptionEffect, exemptionGround, monthsIn } from '../exemption/exemption.rules.ts';
import { presentExemption } from '../exemption/exemption.service.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';
import { notifyMember } from '../message/message.service.ts';
import {
  claimCounts,
  exemptionCounts,
  insertDecision,
  type QueueFilter,
  queueClaimIds,
  queueExemptionIds,
} from './review.repository.ts';

const h = hoursOf;
/** 6.50: hours with two decimals, as the portal shows them (`4.00学时/32学时`). */
const f = (hundredths: number) => (hundredths / 100).toFixed(2);

export type ReviewService = ReturnType<typeof reviewService>;
export type ReviewFilter = Omit<QueueFilter, 'province'>;

/**
 * The provincial review workbench (docs/domain.md 3.2, 3.3). A reviewer sees and decides only the
 * submissions of members of their own province; anything else is reported as missing. Every decision
 * takes the member's row lock first, so caps hold when many decisions on one member race, records the
 * rule-set version it used, is audited, and tells the member (portal message and SMS) in the same
 * transaction. An approval enters the hour ledger in that transaction; a reversal is a negative entry.
 */
export function reviewService(deps: Deps) {
  const { db, clock } = deps;

  const provinceOf = (staff: StaffPrincipal) => {
    if (staff.role !== 'provincial_reviewer' || !staff.provinceCode)
      throw new AppError('FORBIDDEN', '仅地方注协审核人员可审核');
    return staff.provinceCode;
  };

  /** The most an approval of `claim` may grant now, and why, from the approved claims of its year. */
  async function limits(tx: Executor, claim: ClaimRow) {
    const member = await memberContact(tx, claim.memberId);
    if (!member) throw notFound('会员');
    const { version, data, ruleSet } = await yearRules(tx, claim.year, member);
    const item = catalogueItem(data, claim.item, member.memberType, claim.year);
    const raw = rawHundredths(item, claim.unitsHundredths);
    const approved = (await approvedClaims(tx, claim.memberId, claim.year)).filter((c) => c.id !== claim.id);
    const credited = creditedByApproved(approved, data, ruleSet, member.memberType);
    const itemLeft = Math.max(0, item.yearlyCap - (credited.byItem.get(item.code) ?? 0));
    const outputLeft =
      ruleSet.outputCap === null
        ? Number.POSITIVE_INFINITY
        : Math.max(0, ruleSet.outputCap - credited.output);
    const max = Math.min(raw, itemLeft, outputLeft);
    const lines = [`${h(claim.unitsHundredths)} × ${f(item.rate)} = ${f(raw)} 学时`];
    lines.push(`${item.article}年度上限 ${f(item.yearlyCap)} 学时，尚余 ${f(itemLeft)} 学时`);
    if (ruleSet.outputCap !== null)
      lines.push(`产出学时年度上限 ${f(ruleSet.outputCap)} 学时，尚余 ${f(outputLeft)} 学时`);
    lines.push(`建议核定 ${f(max)} 学时`);
    return { member, version, item, raw, itemLeft, outputLeft, max, explanation: lines.join('；') };
  }

  async function load(tx: Executor, staff: StaffPrincipal, id: number, forUpdate: boolean) {
    const province = provinceOf(staff);
    const peek = await findClaim(tx, id);
    if (!peek || peek.provinceCode !== province || peek.status === 'draft' || peek.status === 'withdrawn') {
      throw notFound('申报');
    }
    if (!forUpdate) return peek;
    await lockMember(tx, peek.memberId);
    return (await findClaim(tx, id, true))!;
  }

  async function loadExemption(tx: Executor, staff: StaffPrincipal, id: number, forUpdate: boolean) {
    const province = provinceOf(staff);
    const peek = await findExemption(tx, id);
    if (!peek || peek.provinceCode !== province || peek.status === 'draft' || peek.status === 'withdrawn') {
      throw notFound('申请');
    }
    if (!forUpdate) return peek;
    await lockMember(tx, peek.memberId);
    return (await findExemption(tx, id, true))!;
  }

  const audit = (
    tx: Executor,
    staff: StaffPrincipal,
    action: string,
    target: string,
    ip: string | null,
    detail: Record<string, unknown>,
  ) =>
    recordAudit(tx, {
      at: clock.now(),
      actorType: 'staff',
      actorId: staff.id,
      actorName: staff.name,
      action,
      target,
      result: 'success',
      ip,
      detail,
    });

  async function reviewClaim(claim: ClaimRow): Promise<ReviewClaim> {
    const [lim, files, active] = await Promise.all([
      limits(db, claim),
      evidenceOf(db, 'claim', [claim.id]),
      activeClaims(db, claim.memberId),
    ]);
    return {
      ...presentClaim(
        claim,
        files,
        `${lim.item.article} ${lim.item.description}`,
        duplicateAmong(claim, active),
      ),
      computedHours: h(lim.raw),
      detailLabels: Object.fromEntries(detailFieldsOf(lim.item).map((f) => [f.key, f.label])),
      member: {
        id: lim.member.id,
        name: lim.member.name,
        username: lim.member.username,
        memberType: lim.member.memberType,
      },
      suggestedHours: h(lim.max),
      maxHours: h(lim.max),
      explanation: lim.explanation,
    };
  }

  async function reviewExemption(id: number): Promise<ReviewExemption> {
    const x = (await findExemption(db, id))!;
    const member = (await memberContact(db, x.memberId))!;
    const { data, ruleSet } = await yearRules(db, x.year, member);
    const ground = exemptionGround(data, x.ground, member.memberType, x.year);
    return {
      ...presentExemption(x, await evidenceOf(db, 'exemption', [id]), ground.label),
      member: { id: member.id, name: member.name, username: member.username, memberType: member.memberType },
      effect: describeExemptionEffect(
        ruleSet,
        { type: member.memberType, registeredOn: member.registeredOn },
        ground,
        monthsIn(x.year, x.periodFrom, x.periodTo),
      ),
    };
  }

  return {
    async claims(staff: StaffPrincipal, filter: ReviewFilter) {
      const province = provinceOf(staff);
      const ids = await queueClaimIds(db, { ...filter, status: filter.status ?? 'submitted', province });
      const claims: ReviewClaim[] = [];
      for (const id of ids) claims.push(await reviewClaim((await findClaim(db, id))!));
      return { counts: await claimCounts(db, province, filter.year), claims };
    },

    async claim(staff: StaffPrincipal, id: number) {
      return reviewClaim(await load(db, staff, id, false));
    },

    /** Grants `hours` (default: the computed value); more than units × rate or the caps leave is refused. */
    async approve(
      staff: StaffPrincipal,
      id: number,
      req: { hours?: number; comment: string },
      ip: string | null,
    ) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const claim = await load(tx, staff, id, true);
        if (claim.status !== 'submitted') {
          throw new AppError('CLAIM_STATE_CONFLICT', `该申报${claimStatusLabels[claim.status]}，不能再审核`);
        }
        const lim = await limits(tx, claim);
        if (lim.max === 0)
          throw new AppError('HOURS_OVER_LIMIT', `可核定学时为 0（${lim.explanation}），请选择不通过`);
        const granted = req.hours === undefined ? lim.max : toHundredths(req.hours);
        if (granted <= 0) throw new AppError('VALIDATION_FAILED', '核定学时须大于 0；不予认可请选择不通过');
        if (granted > lim.raw)
          throw new AppError('HOURS_OVER_LIMIT', `核定学时不能超过按项目折算的 ${f(lim.raw)} 学时`);
        if (granted > lim.itemLeft) {
          throw new AppError('HOURS_OVER_LIMIT', `${lim.item.article}年度上限仅余 ${f(lim.itemLeft)} 学时`);
        }
        if (granted > lim.outputLeft)
          throw new AppError('HOURS_OVER_LIMIT', `产出学时年度上限仅余 ${f(lim.outputLeft)} 学时`);
        await recordClaimDecision(
          tx,
          id,
          {
            status: 'approved',
            grantedHundredths: granted,
            reviewerId: staff.id,
            comment: req.comment,
            ruleSetVersion: lim.version,
          },
          now,
        );
        await insertDecision(
          tx,
          {
            subjectType: 'claim',
            subjectId: id,
            action: 'approve',
            staffId: staff.id,
            grantedHundredths: granted,
            comment: req.comment,
            ruleSetVersion: lim.version,
          },
          now,
        );
        const posted = await appendEntry(tx, {
          memberId: claim.memberId,
          year: claim.year,
          sourceType: 'claim',
          sourceId: id,
          hoursHundredths: granted,
          bucket: 'output',
          ethics: false,
          detail: { claimId: id, item: claim.item, units: h(claim.unitsHundredths), hours: h(granted) },
          createdBy: `staff:${staff.id}`,
          postedAt: now,
        });
        if (!posted) throw new AppError('CLAIM_STATE_CONFLICT', '该申报已入账');
        await audit(tx, staff, 'claim.approve', `claim/${id}`, ip, {
          hours: h(granted),
          ruleSetVersion: lim.version,
        });
        await notifyMember(
          tx,
          lim.member,
          {
            title: `您的产出学时申报（${lim.item.article}）已审核通过，认定 ${f(granted)} 学时`,
            body: req.comment ? `审核意见：${req.comment}` : '审核通过。',
            link: '/member/output-hours',
            purpose: 'claim_decision',
          },
          now,
        );
      });
      return this.claim(staff, id);
    },

    async decide(
      staff: StaffPrincipal,
      id: number,
      action: 'reject' | 'return',
      comment: string,
      ip: string | null,
    ) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const claim = await load(tx, staff, id, true);
        if (claim.status !== 'submitted') {
          throw new AppError('CLAIM_STATE_CONFLICT', `该申报${claimStatusLabels[claim.status]}，不能再审核`);
        }
        const lim = await limits(tx, claim);
        const status = action === 'reject' ? 'rejected' : 'returned';
        await recordClaimDecision(
          tx,
          id,
          { status, reviewerId: staff.id, comment, ruleSetVersion: lim.version },
          now,
        );
        await insertDecision(
          tx,
          {
            subjectType: 'claim',
            subjectId: id,
            action,
            staffId: staff.id,
            comment,
            ruleSetVersion: lim.version,
          },
          now,
        );
        await audit(tx, staff, `claim.${action}`, `claim/${id}`, ip, { ruleSetVersion: lim.version });
        await notifyMember(
          tx,
          lim.member,
          {
            title:
              action === 'reject'
                ? `您的产出学时申报（${lim.item.article}）未通过审核`
                : `您的产出学时申报（${lim.item.article}）被退回，请补充材料`,
            body: `审核意见：${comment}`,
            link: '/member/output-hours',
            purpose: 'claim_decision',
          },
          now,
        );
      });
      return this.claim(staff, id);
    },

    /** Evidence found false: the claim is reversed by a negative entry cancelling its ledger entry. */
    async reverse(staff: StaffPrincipal, id: number, comment: string, ip: string | null) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const claim = await load(tx, staff, id, true);
        if (claim.status !== 'approved')
          throw new AppError('CLAIM_STATE_CONFLICT', '只有已通过的申报可以撤销');
        const lim = await limits(tx, claim);
        const granted = claim.grantedHundredths ?? 0;
        await recordClaimDecision(
          tx,
          id,
          { status: 'reversed', reviewerId: staff.id, comment, ruleSetVersion: lim.version },
          now,
        );
        const decisionId = await insertDecision(
          tx,
          {
            subjectType: 'claim',
            subjectId: id,
            action: 'reverse',
            staffId: staff.id,
            grantedHundredths: -granted,
            comment,
            ruleSetVersion: lim.version,
          },
          now,
        );
        await appendEntry(tx, {
          memberId: claim.memberId,
          year: claim.year,
          sourceType: 'adjustment',
          sourceId: decisionId,
          hoursHundredths: -granted,
          bucket: 'output',
          ethics: false,
          detail: { reverses: 'claim', claimId: id },
          createdBy: `staff:${staff.id}`,
          postedAt: now,
        });
        await audit(tx, staff, 'claim.reverse', `claim/${id}`, ip, {
          hours: -h(granted),
          ruleSetVersion: lim.version,
        });
        await notifyMember(
          tx,
          lim.member,
          {
            title: `您的产出学时申报（${lim.item.article}）已被撤销，扣回 ${f(granted)} 学时`,
            body: `撤销原因：${comment}`,
            link: '/member/output-hours',
            purpose: 'claim_decision',
          },
          now,
        );
      });
      return this.claim(staff, id);
    },

    async exemptions(staff: StaffPrincipal, filter: ReviewFilter) {
      const province = provinceOf(staff);
      const ids = await queueExemptionIds(db, { ...filter, status: filter.status ?? 'submitted', province });
      const exemptions: ReviewExemption[] = [];
      for (const id of ids) exemptions.push(await reviewExemption(id));
      return { counts: await exemptionCounts(db, province, filter.year), exemptions };
    },

    async exemption(staff: StaffPrincipal, id: number) {
      await loadExemption(db, staff, id, false);
      return reviewExemption(id);
    },

    async decideExemption(
      staff: StaffPrincipal,
      id: number,
      action: 'approve' | 'reject' | 'return',
      comment: string,
      ip: string | null,
    ) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const x = await loadExemption(tx, staff, id, true);
        if (x.status !== 'submitted') throw new AppError('CLAIM_STATE_CONFLICT', '该申请不在待审核状态');
        const member = (await memberContact(tx, x.memberId))!;
        const { version, data } = await yearRules(tx, x.year, member);
        const ground = exemptionGround(data, x.ground, member.memberType, x.year);
        const status = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'returned';
        await recordExemptionDecision(
          tx,
          id,
          { status, reviewerId: staff.id, comment, ruleSetVersion: version },
          now,
        );
        await insertDecision(
          tx,
          {
            subjectType: 'exemption',
            subjectId: id,
            action,
            staffId: staff.id,
            comment,
            ruleSetVersion: version,
          },
          now,
        );
        if (action === 'approve') {
          await appendEntry(tx, {
            memberId: x.memberId,
            year: x.year,
            sourceType: 'exemption',
            sourceId: id,
            hoursHundredths: 0,
            bucket: 'exemption',
            ethics: false,
            detail: {
              exemptionId: id,
              ground: ground.code,
              months: monthsIn(x.year, x.periodFrom, x.periodTo),
            },
            createdBy: `staff:${staff.id}`,
            postedAt: now,
          });
        }
        await audit(tx, staff, `exemption.${action}`, `exemption/${id}`, ip, { ruleSetVersion: version });
        const term = member.memberType === 'practicing' ? '豁免' : '减免';
        const verdict =
          action === 'approve' ? '已审核通过' : action === 'reject' ? '未通过审核' : '被退回，请补充材料';
        await notifyMember(
          tx,
          member,
          {
            title: `您的${term}学时申请（${ground.label}）${verdict}`,
            body: comment ? `审核意见：${comment}` : `${term}申请${verdict}。`,
            link: '/member/exemptions',
            purpose: 'exemption_decision',
          },
          now,
        );
      });
      return this.exemption(staff, id);
    },
  };
}
