import { randomBytes } from 'node:crypto';
import { hourSourceLabels, maskIdNumber, type Verification } from '@cpe/shared';
import { shanghaiDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { chinesePdf, pdfBytes, qrPng } from '../../documents/pdf.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import type { HoursService } from '../hours/hours.service.ts';
import {
  certificateByCode,
  certificateHolder,
  insertCertificate,
  liveCertificate,
  revokeCertificate,
} from './certificate.repository.ts';

export type CertificateService = ReturnType<typeof certificateService>;

/** 张明 -> 张*, 欧阳明华 -> 欧**华: enough for a third party to match, not to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const fmt = (h: number) => h.toFixed(2);
const toHundredths = (h: number) => Math.round(h * 100);

export function certificateService(deps: Deps, hours: HoursService) {
  const { db, clock, config } = deps;

  return {
    /**
     * 学时证明 of a compliant year as a PDF. The certificate row (and the code in its QR) is issued once
     * per member-year and re-issued (the old code revoked) only when the year's total changed.
     */
    async pdf(
      member: MemberPrincipal,
      year: number,
      ctx: { ip: string | null; origin: string },
    ): Promise<Buffer> {
      const ip = ctx.ip;
      const verifyUrl = (code: string) => `${config.PUBLIC_ORIGIN ?? ctx.origin}/verify/${code}`;
      const standing = await hours.query(member.id, year);
      if (!standing.compliant) {
        throw new AppError('NOT_COMPLIANT', `${year} 年度学时尚未达到要求，暂不能出具学时证明`);
      }
      const holder = await certificateHolder(db, member.id);
      if (!holder) throw notFound('会员');
      const total = toHundredths(standing.credited.total);
      const now = clock.now();
      const cert = await db.transaction(async (tx) => {
        const live = await liveCertificate(tx, member.id, year);
        if (live && live.totalHundredths === total && live.ruleVersion === standing.ruleVersion) return live;
        if (live) await revokeCertificate(tx, live.code, now);
        const issued = await insertCertificate(tx, {
          code: randomBytes(18).toString('base64url'),
          memberId: member.id,
          year,
          totalHundredths: total,
          ruleVersion: standing.ruleVersion,
          issuedAt: now,
        });
        if (!issued) throw new AppError('CONFLICT', '学时证明正在生成，请稍后重试');
        await recordAudit(tx, {
          at: now,
          actorType: 'member',
          actorId: member.id,
          actorName: member.username,
          action: 'certificate.issue',
          target: `member:${member.id}/${year}`,
          result: 'success',
          ip,
          detail: { totalHundredths: total, ruleVersion: standing.ruleVersion },
        });
        return issued;
      });

      const doc = chinesePdf(config, `${year} 年度注册会计师继续教育学时证明`);
      doc.fontSize(20).text('注册会计师继续教育学时证明', { align: 'center' });
      doc.moveDown();
      doc.fontSize(12);
      doc.text(`姓名：${maskName(holder.name)}`);
      doc.text(`身份证号：${maskIdNumber(holder.idNumber)}`);
      doc.text(
        `会员类型：${holder.memberType === 'practicing' ? '执业会员' : '非执业会员'}　地方注协：${holder.province}`,
      );
      doc.text(`年度：${year}`);
      doc.moveDown();
      doc.fontSize(14).text('学时明细（按类别）');
      doc.fontSize(12);
      const byKind = new Map<string, number>();
      for (const e of standing.entries) {
        const label =
          e.source === 'lesson'
            ? `网络培训（${e.kind === 'required' ? '必修' : '选修'}）`
            : hourSourceLabels[e.source];
        byKind.set(label, (byKind.get(label) ?? 0) + toHundredths(e.hours));
      }
      for (const [label, h] of byKind) doc.text(`${label}：${fmt(h / 100)} 学时`);
      doc.moveDown();
      doc.text(
        `认可学时合计：${fmt(standing.credited.total)} 学时，其中职业道德 ${fmt(standing.credited.ethics)} 学时`,
      );
      doc.text(
        `年度要求：${fmt(standing.requirement.total)} 学时（职业道德不少于 ${fmt(standing.requirement.ethics)} 学时），已达到要求`,
      );
      doc.text(`适用规则：${year} 年度学时规则第 ${standing.ruleVersion} 版`);
      doc.text(`出具日期：${shanghaiDate(cert.issuedAt)}`);
      doc.moveDown();
      doc.image(await qrPng(verifyUrl(cert.code), 140), { width: 140 });
      doc.moveDown(0.5);
      doc.fontSize(10).text(`扫描二维码或访问 ${verifyUrl(cert.code)} 核验本证明`);
      doc.text(`验证码：${cert.code}`);
      return pdfBytes(doc);
    },

    /** Public verification: masked name, year and hours, nothing more; revoked and unknown codes say so. */
    async verify(code: string): Promise<Verification> {
      const cert = await certificateByCode(db, code);
      if (!cert)
        return { valid: false, reason: 'unknown', message: '未找到该学时证明，请核对二维码或验证码' };
      if (cert.revokedAt) {
        return { valid: false, reason: 'revoked', message: '该学时证明已作废（学时变动后已重新出具）' };
      }
      return {
        valid: true,
        name: maskName(cert.name),
        year: cert.year,
        hours: cert.totalHundredths / 100,
        issuedOn: shanghaiDate(cert.issuedAt),
      };
    },
  };
}
