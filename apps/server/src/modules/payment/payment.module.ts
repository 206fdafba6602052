import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { sandboxRoutes } from '../../sandbox-pay/sandbox.routes.ts';
import type { FeeService } from '../fee/fee.service.ts';
import { paymentGateway } from './gateway.ts';
import { registerPaymentService } from './payment.job.ts';
import { paymentRoutes } from './payment.routes.ts';
import { type PaymentOptions, paymentService } from './payment.service.ts';
import { staffOrdersService } from './staff-orders.service.ts';

/**
 * 交费: orders, notifications, refunds and the staff views; with the sandbox gateway mounted beside them
 * when configuration says so (the default outside production).
 */
export async function registerPayments(
  app: FastifyInstance,
  deps: Deps,
  fees: FeeService,
  options?: PaymentOptions,
) {
  const gateway = paymentGateway(deps, app);
  const service = paymentService(deps, fees, gateway, options);
  registerPaymentService(deps, service, gateway);
  await app.register(paymentRoutes(deps, service, staffOrdersService(deps)));
  if (gateway.mode === 'sandbox') {
    await app.register(async (scope) => sandboxRoutes(scope, gateway.sandbox));
    app.addHook('onClose', () => gateway.stop());
  }
  if (gateway.mode === 'disabled') {
    app.addHook('onReady', async () => app.log.warn(`在线交费未开通：${gateway.reason}`));
  }
  return { gateway, service };
}
