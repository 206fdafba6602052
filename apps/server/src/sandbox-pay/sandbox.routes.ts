import type { FastifyInstance } from 'fastify';
import { FAULTS, type Fault, type SandboxGateway } from './sandbox.ts';

export const SANDBOX_PREFIX = '/sandbox-pay';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only a path of this site may be the way back from the cashier. */
const safeReturn = (value: unknown) =>
  typeof value === 'string' && /^\/[^/\\]/.test(value) && !/[\s<>"']/.test(value) ? value : null;

function page(title: string, body: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:420px;margin:24px auto;padding:0 16px;color:#222}
.box{border:1px solid #ddd;border-radius:8px;padding:16px}.amount{font-size:28px;font-weight:bold;margin:12px 0}
button,a.btn{display:inline-block;padding:10px 20px;margin:8px 8px 0 0;border-radius:6px;border:1px solid #07c160;background:#07c160;color:#fff;font-size:16px;text-decoration:none}
button.cancel{background:#fff;color:#333;border-color:#bbb}.note{color:#888;font-size:13px;margin-top:16px}</style></head>
<body><h2>${escapeHtml(title)}</h2>${body}<p class="note">微信支付沙箱：模拟收银台，不产生真实扣款。</p></body></html>`;
}

/**
 * The sandbox gateway's HTTP face: the API v3 endpoints under /sandbox-pay/v3 (raw bodies, so signatures
 * are checked on the exact bytes), its cashier page, and controls for tests and demos.
 */
export async function sandboxRoutes(app: FastifyInstance, sandbox: () => Promise<SandboxGateway>) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const api = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const path = request.url.slice(SANDBOX_PREFIX.length);
    const body = typeof request.body === 'string' ? request.body : '';
    const gateway = await sandbox();
    const answer = gateway.handle(request.method, path, request.headers, body);
    reply.headers({ ...gateway.sign(answer.body) });
    if (answer.body) reply.header('content-type', 'application/json');
    return reply.status(answer.status).send(answer.body);
  };
  app.get(`${SANDBOX_PREFIX}/v3/*`, api);
  app.post(`${SANDBOX_PREFIX}/v3/*`, api);

  app.get<{ Params: { id: string }; Querystring: { return?: string } }>(
    `${SANDBOX_PREFIX}/cashier/:id`,
    async (request, reply) => {
      reply.type('text/html; charset=utf-8');
      // With no-referrer a browser posts the forms below with `Origin: null`, which the origin check refuses.
      reply.header('referrer-policy', 'same-origin');
      const order = (await sandbox()).cashierOrder(request.params.id);
      const back = safeReturn(request.query.return);
      const backLink = back ? `<a class="btn" href="${escapeHtml(back)}">返回商户</a>` : '';
      if (!order)
        return reply.status(404).send(page('订单不存在', `<div class="box">二维码已失效。</div>${backLink}`));
      const q = back ? `?return=${encodeURIComponent(back)}` : '';
      const head = `<div class="box"><div>${escapeHtml(order.description)}</div><div class="amount">¥${(order.total / 100).toFixed(2)}</div><div>商户订单号：${escapeHtml(order.outTradeNo)}</div></div>`;
      if (order.state === 'SUCCESS' || order.state === 'REFUND')
        return page('支付成功', `${head}<p>已支付。</p>${backLink}`);
      if (order.state !== 'NOTPAY')
        return page('订单已关闭', `${head}<p>订单已关闭，不能支付。</p>${backLink}`);
      const action = `${SANDBOX_PREFIX}/cashier/${encodeURIComponent(order.prepayId)}`;
      return page(
        order.cancelled ? '已取消支付' : '微信支付',
        `${head}<form method="post" action="${action}/pay${q}"><button type="submit">确认支付</button></form>
<form method="post" action="${action}/cancel${q}"><button type="submit" class="cancel">取消支付</button></form>${backLink}`,
      );
    },
  );

  for (const op of ['pay', 'cancel'] as const) {
    app.post<{ Params: { id: string }; Querystring: { return?: string } }>(
      `${SANDBOX_PREFIX}/cashier/:id/${op}`,
      async (request, reply) => {
        if (op === 'pay') await (await sandbox()).pay(request.params.id);
        else (await sandbox()).cancel(request.params.id);
        const back = safeReturn(request.query.return);
        const q = back ? `?return=${encodeURIComponent(back)}` : '';
        return reply.redirect(`${SANDBOX_PREFIX}/cashier/${encodeURIComponent(request.params.id)}${q}`, 303);
      },
    );
  }

  // Controls: the next notification(s) are dropped, sent ten times, delayed or held behind the next one.
  app.post(`${SANDBOX_PREFIX}/control`, async (request, reply) => {
    let r: { fault?: string; count?: number; delaySeconds?: number };
    try {
      r = JSON.parse(typeof request.body === 'string' ? request.body : '{}');
    } catch {
      return reply.status(400).send({ code: 'BAD_REQUEST', message: '请求体不是 JSON' });
    }
    if (!FAULTS.includes(r.fault as Fault)) {
      return reply.status(400).send({ code: 'BAD_REQUEST', message: `fault 须为 ${FAULTS.join('、')} 之一` });
    }
    const count = Number.isInteger(r.count) && (r.count as number) > 0 ? Math.min(r.count as number, 100) : 1;
    const delay = typeof r.delaySeconds === 'number' && r.delaySeconds >= 0 ? r.delaySeconds : undefined;
    (await sandbox()).injectFault(r.fault as Fault, count, delay);
    return { fault: r.fault, count };
  });
  app.post(`${SANDBOX_PREFIX}/flush`, async () => {
    await (await sandbox()).flush();
    return { pending: (await sandbox()).pending().length };
  });
}
