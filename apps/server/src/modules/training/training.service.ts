import type { AttendanceResult, MemberTraining, StaffTraining, TrainingInput } from '@cpe/shared';
import { shanghaiDate } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { readXlsxRows, type XlsxColumn, XlsxFormatError, xlsxTemplate } from '../../documents/xlsx.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { MemberPrincipal, StaffPrincipal } from '../auth/principal.ts';
import { appendEntry } from '../ledger/ledger.repository.ts';
import {
  cancelSignup,
  findMemberTraining,
  findStaffTraining,
  insertAttendance,
  insertTraining,
  type MemberTrainingRow,
  markRead,
  membersByUsername,
  memberTrainings,
  signupList,
  staffTrainings,
  type TrainingRow,
  upsertSignup,
} from './training.repository.ts';

export type TrainingService = ReturnType<typeof trainingService>;

/** The attendance roster's columns (the downloadable template). */
export const ROSTER_COLUMNS: XlsxColumn[] = [
  { header: '证书编号', key: 'username', width: 20 },
  { header: '姓名', key: 'name', width: 14 },
];

const toTraining = (t: TrainingRow): StaffTraining => ({
  id: t.id,
  title: t.title,
  body: t.body,
  place: t.place,
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  signupDeadline: t.signupDeadline,
  hours: t.hoursHundredths / 100,
  ethics: t.ethics,
  capacity: t.capacity,
  memberTypes: t.memberTypes,
  province: t.province,
  signedUp: t.signedUp,
  attended: t.attended,
});

/**
 * Who publishes and manages which notices: a provincial reviewer their province's, the national admin
 * every notice (theirs are nationwide). `undefined` means no province filter.
 */
function scopeOf(staff: StaffPrincipal): string | undefined {
  if (staff.role === 'national_admin') return undefined;
  if (staff.role === 'provincial_reviewer' && staff.provinceCode) return staff.provinceCode;
  throw new AppError('FORBIDDEN', '仅地方注协审核人员和中注协管理员可管理培训');
}

export function trainingService(deps: Deps) {
  const { db, clock } = deps;
  const today = () => shanghaiDate(clock.now());

  const memberView = (t: MemberTrainingRow): MemberTraining => {
    const { attended: _count, ...rest } = toTraining(t);
    return {
      ...rest,
      read: t.read,
      mySignup: t.mySignup,
      attended: t.myAttendance,
      signupOpen: today() <= t.signupDeadline && t.signedUp < t.capacity,
    };
  };

  async function staffTraining(staff: StaffPrincipal, id: number) {
    const training = await findStaffTraining(db, id, scopeOf(staff));
    if (!training) throw notFound('培训');
    return training;
  }

  /**
   * Records the attendance of the given members and posts each new attendance's hours to the ledger as
   * 面授 hours, in one transaction: the attendance row's id is the entry's source, so a member's hours
   * for a training are posted once however often they are recorded.
   */
  async function record(staff: StaffPrincipal, training: TrainingRow, memberIds: number[]) {
    const now = clock.now();
    const year = Number(training.startsOn.slice(0, 4));
    return db.transaction(async (tx) => {
      await findStaffTraining(tx, training.id, scopeOf(staff), true);
      let recorded = 0;
      for (const memberId of memberIds) {
        const attendanceId = await insertAttendance(tx, {
          trainingId: training.id,
          memberId,
          hoursHundredths: training.hoursHundredths,
          recordedBy: staff.id,
          at: now,
        });
        if (attendanceId === null) continue;
        await appendEntry(tx, {
          memberId,
          year,
          sourceType: 'training',
          sourceId: attendanceId,
          hoursHundredths: training.hoursHundredths,
          bucket: 'face_to_face',
          ethics: training.ethics,
          detail: { trainingId: training.id, title: training.title },
          createdBy: `staff:${staff.username}`,
          postedAt: now,
        });
        recorded++;
      }
      await recordAudit(tx, {
        at: now,
        actorType: 'staff',
        actorId: staff.id,
        actorName: staff.username,
        action: 'training.attendance',
        target: `training:${training.id}`,
        result: 'success',
        detail: { rows: memberIds.length, recorded },
      });
      return recorded;
    });
  }

  /** Checks roster rows: every error with its row number, and the members of the valid rows. */
  async function checkRows(
    training: TrainingRow,
    rows: Array<{ row: number; username: string; name?: string }>,
  ) {
    const found = new Map(
      (await membersByUsername(db, [...new Set(rows.map((r) => r.username).filter(Boolean))])).map((m) => [
        m.username,
        m,
      ]),
    );
    const errors: AttendanceResult['errors'] = [];
    const memberIds: number[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const member = found.get(r.username);
      if (!r.username) errors.push({ row: r.row, message: '证书编号为空' });
      else if (seen.has(r.username)) errors.push({ row: r.row, message: `证书编号 ${r.username} 重复` });
      else if (!member) errors.push({ row: r.row, message: `证书编号 ${r.username} 不存在` });
      else if (r.name !== undefined && r.name !== member.name)
        errors.push({ row: r.row, message: `姓名与证书编号 ${r.username} 不符` });
      else if (training.provinceCode !== null && member.provinceCode !== training.provinceCode)
        errors.push({ row: r.row, message: `会员 ${r.username} 不属于本地方注协` });
      else if (!training.memberTypes.includes(member.memberType))
        errors.push({ row: r.row, message: `会员 ${r.username} 的会员类型不适用于本培训` });
      else memberIds.push(member.id);
      seen.add(r.username);
    }
    return { errors, memberIds };
  }

  return {
    async staffList(staff: StaffPrincipal): Promise<StaffTraining[]> {
      return (await staffTrainings(db, scopeOf(staff))).map(toTraining);
    },

    async publish(staff: StaffPrincipal, input: TrainingInput): Promise<StaffTraining> {
      const provinceCode = scopeOf(staff) ?? null;
      const id = await db.transaction(async (tx) => {
        const trainingId = await insertTraining(tx, {
          provinceCode,
          title: input.title,
          body: input.body,
          place: input.place,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          signupDeadline: input.signupDeadline,
          hoursHundredths: Math.round(input.hours * 100),
          ethics: input.ethics,
          capacity: input.capacity,
          memberTypes: input.memberTypes,
          createdBy: staff.id,
          createdAt: clock.now(),
        });
        await recordAudit(tx, {
          at: clock.now(),
          actorType: 'staff',
          actorId: staff.id,
          actorName: staff.username,
          action: 'training.publish',
          target: `training:${trainingId}`,
          result: 'success',
        });
        return trainingId;
      });
      return toTraining(await staffTraining(staff, id));
    },

    async signups(staff: StaffPrincipal, id: number) {
      await staffTraining(staff, id);
      return signupList(db, id);
    },

    template: () => xlsxTemplate('出勤名单', ROSTER_COLUMNS),

    /** A roster (.xlsx): every row checked first; any error saves nothing (all or nothing). */
    async importRoster(
      staff: StaffPrincipal,
      id: number,
      file: Buffer,
      dryRun: boolean,
    ): Promise<AttendanceResult> {
      const training = await staffTraining(staff, id);
      let rows: Awaited<ReturnType<typeof readXlsxRows>>;
      try {
        rows = await readXlsxRows(file, ROSTER_COLUMNS, 20_000);
      } catch (e) {
        if (e instanceof XlsxFormatError) throw new AppError('BAD_REQUEST', e.message);
        throw e;
      }
      if (rows.length === 0) throw new AppError('BAD_REQUEST', '名单中没有数据行');
      const { errors, memberIds } = await checkRows(
        training,
        rows.map((r) => ({ row: r.rowNumber, username: r.values.username ?? '', name: r.values.name ?? '' })),
      );
      if (dryRun || errors.length > 0) return { dryRun, rows: rows.length, errors, recorded: 0 };
      return { dryRun, rows: rows.length, errors, recorded: await record(staff, training, memberIds) };
    },

    /** Attendance by hand: certificate numbers ticked in the sign-up list. */
    async recordByHand(staff: StaffPrincipal, id: number, usernames: string[]): Promise<AttendanceResult> {
      const training = await staffTraining(staff, id);
      const { errors, memberIds } = await checkRows(
        training,
        usernames.map((username, i) => ({ row: i + 1, username: username.trim() })),
      );
      if (errors.length > 0) return { dryRun: false, rows: usernames.length, errors, recorded: 0 };
      return {
        dryRun: false,
        rows: usernames.length,
        errors,
        recorded: await record(staff, training, memberIds),
      };
    },

    async memberList(member: MemberPrincipal): Promise<MemberTraining[]> {
      return (await memberTrainings(db, member)).map(memberView);
    },

    /** One notice; opening it clears its unread mark. */
    async open(member: MemberPrincipal, id: number): Promise<MemberTraining> {
      const training = await findMemberTraining(db, member, id);
      if (!training) throw notFound('培训通知');
      if (!training.read) await markRead(db, id, member.id, clock.now());
      return memberView({ ...training, read: true });
    },

    /**
     * Signs the member up while holding the training's row lock, so concurrent sign-ups for the last
     * places are counted one after another and the capacity holds.
     */
    async signUp(member: MemberPrincipal, id: number): Promise<MemberTraining> {
      const view = await db.transaction(async (tx) => {
        const training = await findMemberTraining(tx, member, id, true);
        if (!training) throw notFound('培训通知');
        if (training.mySignup) return training;
        if (today() > training.signupDeadline) throw new AppError('SIGNUP_CLOSED', '报名已截止');
        if (training.signedUp >= training.capacity) throw new AppError('TRAINING_FULL', '名额已满');
        await upsertSignup(tx, id, member.id, clock.now());
        await markRead(tx, id, member.id, clock.now());
        return { ...training, mySignup: true, read: true, signedUp: training.signedUp + 1 };
      });
      return memberView(view);
    },

    async cancel(member: MemberPrincipal, id: number): Promise<MemberTraining> {
      const view = await db.transaction(async (tx) => {
        const training = await findMemberTraining(tx, member, id, true);
        if (!training) throw notFound('培训通知');
        if (!training.mySignup) return training;
        if (today() > training.signupDeadline) throw new AppError('SIGNUP_CLOSED', '报名已截止，不能取消');
        await cancelSignup(tx, id, member.id, clock.now());
        return { ...training, mySignup: false, signedUp: training.signedUp - 1 };
      });
      return memberView(view);
    },
  };
}
