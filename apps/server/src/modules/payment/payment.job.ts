import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import type { PaymentGateway } from './gateway.ts';
import type { PaymentService } from './payment.service.ts';

/** The payment service of each app, so the job reaches the same gateway (the sandbox lives in the app). */
const runtimes = new WeakMap<Deps, { service: PaymentService; gateway: PaymentGateway }>();

export const registerPaymentService = (deps: Deps, service: PaymentService, gateway: PaymentGateway) =>
  runtimes.set(deps, { service, gateway });

/** The payment service and gateway an app built from `deps` uses (the job, tests). */
export const paymentRuntime = (deps: Deps) => runtimes.get(deps);

/**
 * Settles pending orders whose notification never came (by querying the gateway), closes expired ones at
 * the gateway and here, and repeats refund requests under way. Idempotent: each order is re-read under
 * its row lock before any change.
 */
export const paymentReconcileJob: JobDefinition = {
  name: 'payment-reconcile',
  schedule: '* * * * *',
  description: '交费对账：查询未收到通知的待支付订单，补记已支付、关闭已过期订单，重试退款',
  async run(deps) {
    const runtime = runtimes.get(deps);
    if (!runtime) return { skipped: 'no payment gateway in this process' };
    return runtime.service.reconcile();
  },
};
