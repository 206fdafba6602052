import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { feePayments } from '../../db/schema/index.ts';

/** Whether the member's fee for the year is recorded as paid (a `fee_payments` row). */
export async function isFeePaid(db: Executor, memberId: number, year: number): Promise<boolean> {
  const rows = await db
    .select({ id: feePayments.id })
    .from(feePayments)
    .where(and(eq(feePayments.memberId, memberId), eq(feePayments.year, year)));
  return rows.length > 0;
}
