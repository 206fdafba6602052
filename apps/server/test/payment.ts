import { sql } from 'drizzle-orm';
import { paymentRuntime } from '../src/modules/payment/payment.job.ts';
import type { SandboxGateway } from '../src/sandbox-pay/sandbox.ts';
import type { TestApp } from './app.ts';
import { makeMember } from './fixtures.ts';
import { YEAR } from './learning.ts';

/** A non-practicing member with institute 1 chosen for the learning year. */
export const makePayer = (t: TestApp, institute = 1) =>
  makeMember(t, { memberType: 'non_practicing', institute });

export const createOrder = (
  t: TestApp,
  cookie: string,
  body: Record<string, unknown> = { year: YEAR, instituteId: 1 },
  key?: string,
) =>
  t.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

export async function sandboxOf(t: TestApp): Promise<SandboxGateway> {
  const runtime = paymentRuntime(t.deps);
  if (runtime?.gateway.mode !== 'sandbox') throw new Error('no sandbox gateway');
  return runtime.gateway.sandbox();
}

export const prepayIdOf = (codeUrl: string) => codeUrl.split('/').pop()!;

/** The payer confirms at the sandbox cashier page (a form post, as the browser does). */
export const payAtCashier = (t: TestApp, codeUrl: string) =>
  t.app.inject({ method: 'POST', url: `${codeUrl}/pay` });

export async function orderState(t: TestApp, orderNo: string) {
  const { rows } = await t.deps.db.execute<{ status: string; member_id: number; year: number }>(
    sql`SELECT status, member_id, year FROM payment_orders WHERE order_no = ${orderNo}`,
  );
  return rows[0];
}

export async function count(t: TestApp, query: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await t.deps.db.execute<{ n: number }>(query);
  return Number(rows[0]!.n);
}

export const feeRows = (t: TestApp, memberId: number) =>
  count(t, sql`SELECT count(*) AS n FROM fee_payments WHERE member_id = ${memberId} AND year = ${YEAR}`);

export const auditRows = (t: TestApp, action: string, target: string) =>
  count(t, sql`SELECT count(*) AS n FROM audit_log WHERE action = ${action} AND target = ${target}`);
