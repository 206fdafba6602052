import { RuleInputError } from './errors.ts';
import type { ClaimFact, ExemptionFact, Facts, OnlineKind } from './facts.ts';
import { toHundredths } from './hours.ts';
import { type ExemptionGroundCode, MEMBER_TYPES } from './types.ts';

/**
 * Structural validation of facts coming from JSON (a scenario file, a request body): every problem
 * is a RuleInputError with one line naming the field. Whether an item code or a year exists is
 * decided against the rule data by the evaluator (see resolveFacts).
 */

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw new RuleInputError(message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  return isObject(value) ? value : fail(`${path || '输入'} 必须是 JSON 对象`);
}

function required(parent: Json, key: string, path: string): unknown {
  const value = parent[key];
  if (value === undefined || value === null) fail(`缺少字段 ${path}`);
  return value;
}

function list(parent: Json, key: string): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : fail(`${key} 必须是数组`);
}

function boolean(value: unknown, path: string): boolean {
  return typeof value === 'boolean' ? value : fail(`${path} 必须是 true 或 false：${JSON.stringify(value)}`);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(`${path} 必须是 ${allowed.join(' / ')} 之一：${JSON.stringify(value)}`);
}

/** A non-negative number with at most two decimals (hours, units). */
function amount(value: unknown, path: string): number {
  if (typeof value !== 'number') fail(`${path} 必须是数字：${JSON.stringify(value)}`);
  if (toHundredths(value, path) < 0) fail(`${path} 不能为负数：${value}`);
  return value;
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

function isoDate(value: unknown, path: string): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  return fail(`${path} 日期格式错误（应为 YYYY-MM-DD 的有效日期）：${JSON.stringify(value)}`);
}

function year(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1900 && value <= 2999) return value;
  return fail(`${path} 必须是四位年份：${JSON.stringify(value)}`);
}

const ONLINE_KINDS: readonly OnlineKind[] = ['required', 'elective'];

/** Checks the shape of facts and returns a clean copy (unknown fields dropped). */
export function parseFacts(input: unknown): Facts {
  const root = object(input, '');
  const member = object(required(root, 'member', 'member'), 'member');
  const province = member.province;
  if (province !== undefined && province !== null && typeof province !== 'string') {
    fail(`member.province 必须是字符串：${JSON.stringify(province)}`);
  }
  const facts: Facts = {
    year: year(required(root, 'year', 'year'), 'year'),
    member: {
      type: oneOf(required(member, 'type', 'member.type'), MEMBER_TYPES, 'member.type'),
      registeredOn: isoDate(required(member, 'registeredOn', 'member.registeredOn'), 'member.registeredOn'),
      ...(typeof province === 'string' ? { province } : {}),
    },
    online: list(root, 'online').map((raw, i) => {
      const entry = object(raw, `online[${i}]`);
      const at = (key: string) => required(entry, key, `online[${i}].${key}`);
      return {
        hours: amount(at('hours'), `online[${i}].hours`),
        kind: oneOf(at('kind'), ONLINE_KINDS, `online[${i}].kind`),
        ethics: boolean(at('ethics'), `online[${i}].ethics`),
      };
    }),
    faceToFace: list(root, 'faceToFace').map((raw, i) => {
      const entry = object(raw, `faceToFace[${i}]`);
      const at = (key: string) => required(entry, key, `faceToFace[${i}].${key}`);
      return {
        hours: amount(at('hours'), `faceToFace[${i}].hours`),
        ethics: boolean(at('ethics'), `faceToFace[${i}].ethics`),
      };
    }),
    claims: list(root, 'claims').map((raw, i) => {
      const entry = object(raw, `claims[${i}]`);
      const item = required(entry, 'item', `claims[${i}].item`);
      if (typeof item !== 'string')
        fail(`claims[${i}].item 必须是产出项目代码字符串：${JSON.stringify(item)}`);
      const claim: ClaimFact = {
        item,
        units: amount(required(entry, 'units', `claims[${i}].units`), `claims[${i}].units`),
      };
      if (entry.hours !== undefined && entry.hours !== null) {
        claim.hours = amount(entry.hours, `claims[${i}].hours`);
      }
      return claim;
    }),
    exemptions: list(root, 'exemptions').map((raw, i) => parseExemption(raw, `exemptions[${i}]`)),
  };
  if (root.pending !== undefined && root.pending !== null) {
    const pending = object(root.pending, 'pending');
    facts.pending = {};
    if (pending.online != null) facts.pending.online = amount(pending.online, 'pending.online');
    if (pending.claims != null) facts.pending.claims = amount(pending.claims, 'pending.claims');
  }
  return facts;
}

function parseExemption(raw: unknown, path: string): ExemptionFact {
  const entry = object(raw, path);
  const ground = required(entry, 'ground', `${path}.ground`);
  if (typeof ground !== 'string') fail(`${path}.ground 必须是字符串：${JSON.stringify(ground)}`);
  const fact: ExemptionFact = { ground: ground as ExemptionGroundCode };
  if (entry.months !== undefined && entry.months !== null) {
    const months = entry.months;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 0 || months > 12) {
      fail(`${path}.months 必须是 0 到 12 的整数：${JSON.stringify(months)}`);
    }
    fact.months = months;
  }
  return fact;
}
