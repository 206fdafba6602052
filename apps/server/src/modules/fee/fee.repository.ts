import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { feePayments, feeSchedule, instituteChoices, institutes } from '../../db/schema/index.ts';

/** Whether the member's fee for the year is recorded as paid (a `fee_payments` row). */
export async function isFeePaid(db: Executor, memberId: number, year: number): Promise<boolean> {
  const rows = await db
    .select({ id: feePayments.id })
    .from(feePayments)
    .where(and(eq(feePayments.memberId, memberId), eq(feePayments.year, year)));
  return rows.length > 0;
}

// ---- fee schedule ----

export async function scheduledFee(
  db: Executor,
  instituteId: number,
  year: number,
): Promise<number | undefined> {
  const [row] = await db
    .select({ amountFen: feeSchedule.amountFen })
    .from(feeSchedule)
    .where(and(eq(feeSchedule.instituteId, instituteId), eq(feeSchedule.year, year)));
  return row?.amountFen;
}

export const feeScheduleOf = (db: Executor, year: number) =>
  db
    .select({
      instituteId: institutes.id,
      instituteName: institutes.name,
      amountFen: feeSchedule.amountFen,
      updatedAt: feeSchedule.updatedAt,
    })
    .from(institutes)
    .leftJoin(feeSchedule, and(eq(feeSchedule.instituteId, institutes.id), eq(feeSchedule.year, year)))
    .orderBy(asc(institutes.id));

export async function upsertFee(
  db: Executor,
  row: { instituteId: number; year: number; amountFen: number; updatedAt: Date; updatedBy: number | null },
) {
  await db
    .insert(feeSchedule)
    .values(row)
    .onConflictDoUpdate({
      target: [feeSchedule.instituteId, feeSchedule.year],
      set: { amountFen: row.amountFen, updatedAt: row.updatedAt, updatedBy: row.updatedBy },
    });
}

export async function instituteExists(db: Executor, id: number): Promise<boolean> {
  const rows = await db.select({ id: institutes.id }).from(institutes).where(eq(institutes.id, id));
  return rows.length > 0;
}

/** The institute the member chose for the year, if any. */
export async function chosenInstituteId(
  db: Executor,
  memberId: number,
  year: number,
): Promise<number | null> {
  const [row] = await db
    .select({ id: instituteChoices.instituteId })
    .from(instituteChoices)
    .where(and(eq(instituteChoices.memberId, memberId), eq(instituteChoices.year, year)));
  return row?.id ?? null;
}
