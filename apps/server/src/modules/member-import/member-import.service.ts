import {
  type ImportResult,
  isValidIdNumber,
  isValidMobile,
  nonPracticingUsernamePattern,
  practicingUsernamePattern,
} from '@cpe/shared';
import { shanghaiDate } from '../../clock.ts';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { readXlsxRows, type XlsxColumn, XlsxFormatError, xlsxTemplate } from '../../documents/xlsx.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import {
  type ExistingMember,
  ensureFirms,
  type ImportedMember,
  insertMembers,
  lockMemberImport,
  membersByUsername,
  provinceCodes,
  updateMembers,
} from './member.repository.ts';

export type MemberImportService = ReturnType<typeof memberImportService>;

/** Who imports: the audit rows name them. */
export type ImportActor = Pick<StaffPrincipal, 'id' | 'username'>;

/** A background run's hooks: progress (0-100), and a step inside the saving transaction. */
export interface ImportHooks {
  progress?(percent: number): Promise<void>;
  whileSaving?(tx: Executor, result: ImportResult): Promise<void>;
}

export const importColumns: XlsxColumn[] = [
  { header: '会员证书编号', key: 'username' },
  { header: '姓名', key: 'name', width: 12 },
  { header: '会员类型', key: 'memberType', width: 12 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '手机号', key: 'mobile', width: 14 },
  { header: '地方注协', key: 'province', width: 10 },
  { header: '会计师事务所', key: 'firm', width: 28 },
  { header: '注册日期', key: 'registeredOn', width: 12 },
];
const headerOf = (key: string) => importColumns.find((c) => c.key === key)!.header;

const CHUNK = 1000;
const chunks = <T>(xs: T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

const fields = ['name', 'idNumber', 'mobile', 'provinceCode', 'firm', 'registeredOn'] as const;
const changedFields = (a: ExistingMember, b: ImportedMember) =>
  fields.filter((f) => (a[f] ?? null) !== (b[f] ?? null));

function isRealDate(s: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function memberImportService(deps: Deps) {
  const { db, clock } = deps;

  /** Every row checked; the errors name the row and column in Chinese. `onRow` hears the share done. */
  async function validate(file: Buffer, onRow?: (done: number, total: number) => Promise<void>) {
    let rows: Awaited<ReturnType<typeof readXlsxRows>>;
    try {
      rows = await readXlsxRows(file, importColumns);
    } catch (e) {
      if (e instanceof XlsxFormatError) throw new AppError('BAD_REQUEST', e.message);
      throw e;
    }
    const provinces = await provinceCodes(db);
    const today = shanghaiDate(clock.now());
    const errors: ImportResult['errors'] = [];
    const members: ImportedMember[] = [];
    const seen = new Map<string, number>();
    for (const [index, { rowNumber, values: v }] of rows.entries()) {
      await onRow?.(index, rows.length);
      const fail = (key: string, message: string) =>
        errors.push({ row: rowNumber, column: headerOf(key), message });
      const before = errors.length;
      const memberType =
        v.memberType === '执业会员' ? 'practicing' : v.memberType === '非执业会员' ? 'non_practicing' : null;
      if (!memberType) fail('memberType', '会员类型应为“执业会员”或“非执业会员”');
      const username = (v.username ?? '').toUpperCase();
      if (memberType === 'practicing' && !practicingUsernamePattern.test(username)) {
        fail('username', '执业会员的会员证书编号应为 12 位数字');
      }
      if (memberType === 'non_practicing' && !nonPracticingUsernamePattern.test(username)) {
        fail('username', '非执业会员的会员证书编号应为 N 加 12 位数字');
      }
      const first = seen.get(username);
      if (username && first !== undefined) fail('username', `与第 ${first} 行的会员证书编号重复`);
      else if (username) seen.set(username, rowNumber);
      const name = v.name ?? '';
      if (name.length < 1 || name.length > 50 || /[\p{Cc}]/u.test(name))
        fail('name', '姓名不能为空且不超过 50 个字');
      const idNumber = (v.idNumber ?? '').toUpperCase();
      if (!isValidIdNumber(idNumber)) fail('idNumber', '身份证号码格式或校验位不正确');
      if (!isValidMobile(v.mobile ?? '')) fail('mobile', '手机号码应为 11 位数字');
      const provinceCode = provinces.get(v.province ?? '');
      if (!provinceCode) fail('province', '地方注协应为省份名称（如“上海”）或两位代码');
      const firm = v.firm ? v.firm : null;
      if (memberType === 'practicing' && !firm) fail('firm', '执业会员应填写所在会计师事务所');
      if (firm && firm.length > 100) fail('firm', '会计师事务所名称不超过 100 个字');
      const registeredOn = v.registeredOn ?? '';
      if (!isRealDate(registeredOn)) fail('registeredOn', '注册日期格式应为 YYYY-MM-DD');
      else if (registeredOn > today) fail('registeredOn', '注册日期不能晚于今天');
      if (errors.length === before) {
        members.push({
          username,
          name,
          memberType: memberType!,
          idNumber,
          mobile: v.mobile!,
          provinceCode: provinceCode!,
          firm: memberType === 'practicing' ? firm : null,
          registeredOn,
        });
      }
    }
    return { total: rows.length, errors, members, rowOf: seen };
  }

  return {
    template: () => xlsxTemplate('会员导入', importColumns),

    /**
     * Validates every row; with errors or on a dry run nothing is saved. Otherwise one transaction:
     * new members are created without a password, changed ones updated (each audited with the names
     * of the changed fields), identical ones left alone, so importing the same file twice changes nothing.
     */
    async import(
      staff: ImportActor,
      file: Buffer,
      dryRun: boolean,
      ip: string | null,
      hooks: ImportHooks = {},
    ): Promise<ImportResult> {
      // checking the rows is 0-90 %, comparing and saving the rest
      let reported = -1;
      const { total, errors, members, rowOf } = await validate(file, async (done, all) => {
        const percent = Math.floor((done * 90) / Math.max(1, all));
        if (hooks.progress && percent > reported) {
          reported = percent;
          await hooks.progress(percent);
        }
      });
      await hooks.progress?.(90);
      const result = async (tx: Executor, save: boolean) => {
        const existing = new Map<string, ExistingMember>();
        for (const chunk of chunks(members.map((m) => m.username))) {
          for (const m of await membersByUsername(tx, chunk)) existing.set(m.username, m);
        }
        const created: ImportedMember[] = [];
        const updated: { member: ImportedMember; id: number; fields: string[] }[] = [];
        const typeErrors: ImportResult['errors'] = [];
        for (const m of members) {
          const old = existing.get(m.username);
          if (!old) created.push(m);
          else if (old.memberType !== m.memberType) {
            typeErrors.push({
              row: rowOf.get(m.username) ?? 0,
              column: headerOf('memberType'),
              message: `会员 ${m.username} 的会员类型与系统中不一致（类型变更请另行办理）`,
            });
          } else {
            const changed = changedFields(old, m);
            if (changed.length > 0) updated.push({ member: m, id: old.id, fields: changed });
          }
        }
        const counts = {
          created: created.length,
          updated: updated.length,
          unchanged: members.length - created.length - updated.length - typeErrors.length,
        };
        if (!save || typeErrors.length > 0) return { ...counts, typeErrors };
        const at = clock.now();
        const firms = [
          ...new Map(members.filter((m) => m.firm).map((m) => [m.firm!, m.provinceCode])).entries(),
        ];
        for (const chunk of chunks(firms))
          await ensureFirms(
            tx,
            chunk.map(([name, provinceCode]) => ({ name, provinceCode })),
          );
        for (const chunk of chunks(created)) await insertMembers(tx, chunk);
        for (const chunk of chunks(updated))
          await updateMembers(
            tx,
            chunk.map((u) => u.member),
          );
        for (const u of updated) {
          await recordAudit(tx, {
            at,
            actorType: 'staff',
            actorId: staff.id,
            actorName: staff.username,
            action: 'member.import_update',
            target: `member:${u.id}`,
            result: 'success',
            ip,
            detail: { fields: u.fields },
          });
        }
        await recordAudit(tx, {
          at,
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          action: 'member.import',
          target: 'members',
          result: 'success',
          ip,
          detail: { total, ...counts },
        });
        return { ...counts, typeErrors };
      };

      if (errors.length > 0 || dryRun) {
        const counts =
          errors.length > 0
            ? { created: 0, updated: 0, unchanged: 0, typeErrors: [] }
            : await result(db, false);
        return {
          dryRun,
          total,
          created: counts.created,
          updated: counts.updated,
          unchanged: counts.unchanged,
          errors: [...errors, ...counts.typeErrors],
        };
      }
      return db.transaction(async (tx) => {
        await lockMemberImport(tx);
        const r = await result(tx, true);
        if (r.typeErrors.length > 0) throw new AppError('VALIDATION_FAILED', r.typeErrors[0]!.message);
        const saved = {
          dryRun,
          total,
          created: r.created,
          updated: r.updated,
          unchanged: r.unchanged,
          errors: [],
        };
        await hooks.whileSaving?.(tx, saved);
        return saved;
      });
    },
  };
}
