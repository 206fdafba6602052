import { isIP } from 'node:net';
import { z } from 'zod';

/** proxy-addr's names for address ranges, accepted as entries of the list. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: off (unset, `false`, `0`) believes no X-Forwarded-* header; a hop count trusts that many
 * proxies in front of the server; a comma list of addresses or CIDR ranges trusts only those peers.
 * `true` (trust anyone) is refused: any client could then choose its own address.
 */
export const trustProxySchema = z
  .string()
  .optional()
  .transform((raw, ctx): false | number | string[] => {
    const v = (raw ?? '').trim();
    if (v === '' || v === 'false' || v === '0') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !validEntry(e));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a hop count or a comma list of proxy addresses/CIDR ranges; not valid: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest N peers". */
export function fastifyTrustProxy(
  value: false | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value;
}
