import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { load, steadyLoad } from './measure.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A server that notes when each request arrives and answers after `delayMs`. */
async function server(delayMs: number, status = 200) {
  const arrivals: number[] = [];
  app = Fastify();
  app.post('/report', async (req, reply) => {
    arrivals.push(performance.now());
    await new Promise((r) => setTimeout(r, delayMs));
    return reply.code(status).send({ body: req.body });
  });
  return { url: await app.listen({ port: 0, host: '127.0.0.1' }), arrivals };
}

const report = () => ({
  method: 'POST',
  path: '/report',
  headers: { 'content-type': 'application/json' },
  body: '{"from":0,"to":10}',
});

describe('steady offered load', () => {
  it('sends requests evenly over the second, not in bursts, without waiting for answers', async () => {
    // each answer takes 50 ms: a closed loop on a few connections could not send 200 a second
    const { url, arrivals } = await server(50);
    const r = await steadyLoad(url, report, { rate: 200, seconds: 1.5 });
    expect(arrivals).toHaveLength(300);
    expect(r.total).toBe(300);
    // 200 a second is one every 5 ms: no 50 ms window holds many more than ten
    const busiest = Math.max(...arrivals.map((a) => arrivals.filter((b) => b >= a && b < a + 50).length));
    expect(busiest).toBeLessThanOrEqual(16);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(1400);
    // latency is counted from each request's due instant: at least the server's 50 ms
    expect(r.p50Ms).toBeGreaterThanOrEqual(50);
    expect(r.p99Ms).toBeLessThan(1000);
  });

  it('fails the run on any answer that is not 2xx', async () => {
    const { url } = await server(0, 429);
    await expect(steadyLoad(url, report, { rate: 50, seconds: 0.2 })).rejects.toThrow(/10 failed requests/);
  });
});

describe('a load of a number of requests', () => {
  it("is timed to its last answer, not to the load generator's next whole second", async () => {
    const { url, arrivals } = await server(0);
    const r = await load(url, [report()], { seconds: 10, connections: 2, amount: 100 });
    expect(arrivals).toHaveLength(100);
    // 100 instant answers take well under a second; rounded up to one, the rate would be 100/s
    expect(r.perSecond).toBeGreaterThan(300);
  });
});
