import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';

type Row = Record<string, unknown>;

export interface TrainingRow {
  id: number;
  provinceCode: string | null;
  province: string | null;
  title: string;
  body: string;
  place: string;
  startsOn: string;
  endsOn: string;
  signupDeadline: string;
  hoursHundredths: number;
  ethics: boolean;
  capacity: number;
  memberTypes: string[];
  signedUp: number;
  attended: number;
}

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

const columns = sql`t.id, t.province_code, p.name AS province, t.title, t.body, t.place, t.starts_on::text AS starts_on,
  t.ends_on::text AS ends_on, t.signup_deadline::text AS signup_deadline, t.hours_hundredths, t.ethics,
  t.capacity, t.member_types,
  (SELECT count(*) FROM training_signups s WHERE s.training_id = t.id AND s.cancelled_at IS NULL)::int AS signed_up,
  (SELECT count(*) FROM training_attendance a WHERE a.training_id = t.id)::int AS attended`;

const toTraining = (r: Row): TrainingRow => ({
  id: Number(r.id),
  provinceCode: (r.province_code as string | null) ?? null,
  province: (r.province as string | null) ?? null,
  title: String(r.title),
  body: String(r.body),
  place: String(r.place),
  startsOn: day(r.starts_on),
  endsOn: day(r.ends_on),
  signupDeadline: day(r.signup_deadline),
  hoursHundredths: Number(r.hours_hundredths),
  ethics: Boolean(r.ethics),
  capacity: Number(r.capacity),
  memberTypes: r.member_types as string[],
  signedUp: Number(r.signed_up),
  attended: Number(r.attended),
});

/** Staff scope: a province's notices, or every notice (provinceCode undefined: the national admin). */
export async function staffTrainings(db: Executor, provinceCode: string | undefined): Promise<TrainingRow[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT ${columns} FROM trainings t LEFT JOIN provinces p ON p.code = t.province_code
    ${provinceCode === undefined ? sql`` : sql`WHERE t.province_code = ${provinceCode}`}
    ORDER BY t.starts_on DESC, t.id DESC`);
  return rows.map(toTraining);
}

export async function findStaffTraining(
  db: Executor,
  id: number,
  provinceCode: string | undefined,
  lock = false,
): Promise<TrainingRow | undefined> {
  if (lock) await db.execute(sql`SELECT id FROM trainings WHERE id = ${id} FOR UPDATE`);
  const { rows } = await db.execute<Row>(sql`
    SELECT ${columns} FROM trainings t LEFT JOIN provinces p ON p.code = t.province_code
    WHERE t.id = ${id} ${provinceCode === undefined ? sql`` : sql`AND t.province_code = ${provinceCode}`}`);
  return rows[0] ? toTraining(rows[0]) : undefined;
}

export interface MemberTrainingRow extends TrainingRow {
  read: boolean;
  mySignup: boolean;
  myAttendance: boolean;
}

const visibleTo = (member: { id: number; provinceCode: string; memberType: string }) =>
  sql`(t.province_code IS NULL OR t.province_code = ${member.provinceCode})
      AND t.member_types @> jsonb_build_array(${member.memberType}::text)`;

const memberColumns = (memberId: number) => sql`${columns},
  EXISTS (SELECT 1 FROM training_reads r WHERE r.training_id = t.id AND r.member_id = ${memberId}) AS read,
  EXISTS (SELECT 1 FROM training_signups s WHERE s.training_id = t.id AND s.member_id = ${memberId}
          AND s.cancelled_at IS NULL) AS my_signup,
  EXISTS (SELECT 1 FROM training_attendance a WHERE a.training_id = t.id AND a.member_id = ${memberId})
    AS my_attendance`;

const toMemberTraining = (r: Row): MemberTrainingRow => ({
  ...toTraining(r),
  read: Boolean(r.read),
  mySignup: Boolean(r.my_signup),
  myAttendance: Boolean(r.my_attendance),
});

/** The notices a member sees: nationwide ones and their province's, for their member type. */
export async function memberTrainings(
  db: Executor,
  member: { id: number; provinceCode: string; memberType: string },
): Promise<MemberTrainingRow[]> {
  const { rows } = await db.execute<Row>(sql`
    SELECT ${memberColumns(member.id)} FROM trainings t LEFT JOIN provinces p ON p.code = t.province_code
    WHERE ${visibleTo(member)}
    ORDER BY t.starts_on DESC, t.id DESC`);
  return rows.map(toMemberTraining);
}

/** One notice the member may see; `lock` holds the training row (sign-ups against the capacity). */
export async function findMemberTraining(
  db: Executor,
  member: { id: number; provinceCode: string; memberType: string },
  id: number,
  lock = false,
): Promise<MemberTrainingRow | undefined> {
  if (lock) await db.execute(sql`SELECT id FROM trainings WHERE id = ${id} FOR UPDATE`);
  const { rows } = await db.execute<Row>(sql`
    SELECT ${memberColumns(member.id)} FROM trainings t LEFT JOIN provinces p ON p.code = t.province_code
    WHERE t.id = ${id} AND ${visibleTo(member)}`);
  return rows[0] ? toMemberTraining(rows[0]) : undefined;
}

export async function insertTraining(
  db: Executor,
  t: {
    provinceCode: string | null;
    title: string;
    body: string;
    place: string;
    startsOn: string;
    endsOn: string;
    signupDeadline: string;
    hoursHundredths: number;
    ethics: boolean;
    capacity: number;
    memberTypes: string[];
    createdBy: number;
    createdAt: Date;
  },
): Promise<number> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO trainings (province_code, title, body, place, starts_on, ends_on, signup_deadline,
      hours_hundredths, ethics, capacity, member_types, created_by, created_at)
    VALUES (${t.provinceCode}, ${t.title}, ${t.body}, ${t.place}, ${t.startsOn}::date, ${t.endsOn}::date,
      ${t.signupDeadline}::date, ${t.hoursHundredths}, ${t.ethics}, ${t.capacity},
      ${JSON.stringify(t.memberTypes)}::jsonb, ${t.createdBy}, ${t.createdAt.toISOString()}::timestamptz)
    RETURNING id`);
  return Number(rows[0]!.id);
}

export async function markRead(db: Executor, trainingId: number, memberId: number, at: Date) {
  await db.execute(sql`
    INSERT INTO training_reads (training_id, member_id, read_at)
    VALUES (${trainingId}, ${memberId}, ${at.toISOString()}::timestamptz)
    ON CONFLICT DO NOTHING`);
}

/** Signs up (or renews a cancelled sign-up). The caller holds the training's row lock. */
export async function upsertSignup(db: Executor, trainingId: number, memberId: number, at: Date) {
  await db.execute(sql`
    INSERT INTO training_signups (training_id, member_id, signed_up_at)
    VALUES (${trainingId}, ${memberId}, ${at.toISOString()}::timestamptz)
    ON CONFLICT (training_id, member_id) DO UPDATE SET signed_up_at = EXCLUDED.signed_up_at, cancelled_at = NULL`);
}

export async function cancelSignup(db: Executor, trainingId: number, memberId: number, at: Date) {
  await db.execute(sql`
    UPDATE training_signups SET cancelled_at = ${at.toISOString()}::timestamptz
    WHERE training_id = ${trainingId} AND member_id = ${memberId} AND cancelled_at IS NULL`);
}

export async function signupList(db: Executor, trainingId: number) {
  const { rows } = await db.execute<Row>(sql`
    SELECT m.username, m.name, s.signed_up_at,
      EXISTS (SELECT 1 FROM training_attendance a WHERE a.training_id = s.training_id AND a.member_id = m.id)
        AS attended
    FROM training_signups s JOIN members m ON m.id = s.member_id
    WHERE s.training_id = ${trainingId} AND s.cancelled_at IS NULL
    ORDER BY s.signed_up_at, m.username`);
  return rows.map((r) => ({
    username: String(r.username),
    name: String(r.name),
    signedUpAt: new Date(r.signed_up_at as string).toISOString(),
    attended: Boolean(r.attended),
  }));
}

export interface RosterMember {
  id: number;
  username: string;
  name: string;
  provinceCode: string;
  memberType: string;
}

export async function membersByUsername(db: Executor, usernames: string[]): Promise<RosterMember[]> {
  if (usernames.length === 0) return [];
  const { rows } = await db.execute<Row>(sql`
    SELECT id, username, name, province_code, member_type FROM members
    WHERE username IN (${sql.join(
      usernames.map((u) => sql`${u}`),
      sql`, `,
    )})`);
  return rows.map((r) => ({
    id: Number(r.id),
    username: String(r.username),
    name: String(r.name),
    provinceCode: String(r.province_code),
    memberType: String(r.member_type),
  }));
}

/** Records attendance; returns the new row's id, or null when the member's attendance was recorded before. */
export async function insertAttendance(
  db: Executor,
  a: { trainingId: number; memberId: number; hoursHundredths: number; recordedBy: number; at: Date },
): Promise<number | null> {
  const { rows } = await db.execute<Row>(sql`
    INSERT INTO training_attendance (training_id, member_id, hours_hundredths, recorded_by, recorded_at)
    VALUES (${a.trainingId}, ${a.memberId}, ${a.hoursHundredths}, ${a.recordedBy}, ${a.at.toISOString()}::timestamptz)
    ON CONFLICT (training_id, member_id) DO NOTHING
    RETURNING id`);
  return rows[0] ? Number(rows[0].id) : null;
}
