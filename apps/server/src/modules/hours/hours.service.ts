import { type ClaimFact, type ExemptionFact, type Facts, RuleInputError } from '@cpe/rules';
import { type HoursResponse, hoursResponseSchema, yearQuerySchema } from '@cpe/shared';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { shanghaiDate, shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import type { LedgerEntryRow } from '../ledger/ledger.repository.ts';
import type { RulesService } from '../rules/rules.service.ts';
import { answerCache } from './answer-cache.ts';
import {
  type HoursState,
  hoursState,
  type SessionHoursMark,
  type StandingRow,
  sessionHoursMark,
} from './hours.repository.ts';

export type HoursService = ReturnType<typeof hoursService>;

const hours = (hundredths: number) => hundredths / 100;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Sums entries per key in integer hundredths; keys with nothing left (after reversals) are dropped. */
function grouped<K extends string>(entries: LedgerEntryRow[], key: (e: LedgerEntryRow) => K | null) {
  const totals = new Map<K, number>();
  for (const e of entries) {
    const k = key(e);
    if (k !== null) totals.set(k, (totals.get(k) ?? 0) + e.hundredths);
  }
  return [...totals].filter(([, h]) => h > 0);
}

/** The rule engine's facts from the ledger: every figure is a sum of entries (INV-4). */
export function factsFromLedger(entries: LedgerEntryRow[]) {
  const online = grouped(entries, (e) =>
    e.bucket === 'online_required' || e.bucket === 'online_elective' ? `${e.bucket}:${e.ethics}` : null,
  ).map(([k, h]) => ({
    hours: hours(h),
    kind: k.startsWith('online_required') ? ('required' as const) : ('elective' as const),
    ethics: k.endsWith('true'),
  }));
  const faceToFace = grouped(entries, (e) => (e.bucket === 'face_to_face' ? `${e.ethics}` : null)).map(
    ([k, h]) => ({ hours: hours(h), ethics: k === 'true' }),
  );
  const claims: ClaimFact[] = [];
  const exemptions: ExemptionFact[] = [];
  // A claim reversed by an adjustment entry (evidence found false) is no longer a fact.
  const reversed = new Set(
    entries.flatMap((e) => {
      const d = (e.detail ?? {}) as Record<string, unknown>;
      return e.sourceType === 'adjustment' && d.reverses === 'claim' ? [d.claimId] : [];
    }),
  );
  // Entries come newest first; claims are facts in the order they were approved.
  for (const e of [...entries].reverse()) {
    const d = (e.detail ?? {}) as Record<string, unknown>;
    if (e.sourceType === 'claim' && typeof d.item === 'string' && typeof d.units === 'number') {
      if (reversed.has(d.claimId)) continue;
      // The hours granted by the reviewer, not a figure re-derived from the units.
      claims.push({
        item: d.item,
        units: d.units,
        ...(typeof d.hours === 'number' ? { hours: d.hours } : {}),
      });
    }
    if (e.sourceType === 'exemption' && typeof d.ground === 'string') {
      exemptions.push({
        ground: d.ground as ExemptionFact['ground'],
        ...(typeof d.months === 'number' ? { months: d.months } : {}),
      });
    }
  }
  return { online, faceToFace, claims, exemptions };
}

/** The online and face-to-face facts from the standing's raw bucket sums (rules applied by the engine). */
export function factsFromStanding(standing: StandingRow[]) {
  const positive = standing.filter((s) => s.hundredths > 0);
  return {
    online: positive
      .filter((s) => s.bucket === 'online_required' || s.bucket === 'online_elective')
      .map((s) => ({
        hours: hours(s.hundredths),
        kind: s.bucket === 'online_required' ? ('required' as const) : ('elective' as const),
        ethics: s.ethics,
      })),
    faceToFace: positive
      .filter((s) => s.bucket === 'face_to_face')
      .map((s) => ({ hours: hours(s.hundredths), ethics: s.ethics })),
  };
}

/** What the route read beside the session, and where its answer is kept in this process. */
export interface HoursRead extends SessionHoursMark {
  cacheKey: string;
}

/** The answer as JSON text, checked against the contract exactly as the route's serializer would. */
function serialized(answer: HoursResponse): string {
  const checked = hoursResponseSchema.safeEncode(answer);
  if (!checked.success)
    throw new ResponseSerializationError('GET', '/api/me/hours', { cause: checked.error });
  return JSON.stringify(checked.data);
}

export function hoursService(deps: Deps, rules: RulesService) {
  const answers = answerCache();
  return {
    /**
     * 学时查询: requirement and standing from the rule engine, plus what is pending. One statement reads
     * the member's year (standing, entries, pending and unevaluated lessons, institute, the rule version
     * in force), unless `read` is that year as the route read it with the session; the rule data of that
     * version comes from the process's cache of published versions.
     */
    async query(memberId: number, year: number, read?: HoursState): Promise<HoursResponse> {
      const state = read ?? (await hoursState(deps.database, memberId, year));
      if (!state) throw notFound('会员');
      const { member, entries, standing } = state;
      if (state.ruleVersion === null) throw new AppError('NOT_FOUND', `${year} 年度尚无学时规则`);
      const { claims, exemptions } = factsFromLedger(entries);
      const pending = state.pendingHundredths;
      const unevaluated = state.unevaluated;
      const facts: Facts = {
        year,
        member,
        ...factsFromStanding(standing),
        claims,
        exemptions,
        pending: { online: hours(pending) },
      };
      const decision = await rules.evaluateAt(facts, state.ruleVersion!).catch((e: unknown) => {
        if (e instanceof RuleInputError) throw new AppError('CONFLICT', `学时数据无法计算：${e.message}`);
        throw e;
      });
      return {
        year,
        ruleVersion: decision.ruleVersion,
        requirement: decision.requirement,
        credited: {
          total: decision.credited.total,
          online: decision.credited.online,
          onlineRequired: decision.credited.onlineRequired,
          onlineElective: decision.credited.onlineElective,
          onlineStudied: decision.credited.onlineStudied,
          faceToFace: decision.credited.faceToFace,
          output: decision.credited.output,
          ethics: decision.credited.ethics,
        },
        compliant: decision.compliant,
        shortfall: decision.shortfall,
        reasons: decision.reasons,
        recordedHours: hours(sum(standing.map((s) => s.hundredths))),
        pendingHours: hours(pending),
        unevaluatedLessons: unevaluated,
        entries: entries.map((e) => ({
          date: shanghaiDate(e.postedAt),
          course: e.courseTitle,
          lesson: e.lessonTitle,
          kind: e.courseKind,
          training: e.trainingTitle,
          ethics: e.ethics,
          hours: hours(e.hundredths),
          source: e.sourceType,
        })),
        institute: state.institute,
      };
    },

    /**
     * 学时查询 for the route, as the JSON text it sends. The answer of the same session and year is
     * reused while the fingerprint read with the session is the one it was computed under; otherwise it
     * is computed (from the year read with the session when no answer was held, else a second
     * statement), kept, and sent. Were the year to change between the two reads,
     * the answer is newer than its fingerprint, and the next request, seeing another, computes again.
     */
    async answer(memberId: number, year: number, read?: HoursRead): Promise<string> {
      if (read?.memberId !== memberId || read.year !== year || read.fingerprint === null) {
        return serialized(await this.query(memberId, year));
      }
      const held = answers.get(read.cacheKey);
      if (!read.state && held?.memberId === memberId && held.fingerprint === read.fingerprint)
        return held.body;
      const body = serialized(await this.query(memberId, year, read.state));
      answers.set(read.cacheKey, { memberId, fingerprint: read.fingerprint, body });
      return body;
    },

    /**
     * The route's session read (access.ts `sessionWith`): the session and, for a member, the fingerprint
     * of the year, in one statement. Null (the session is read alone) for a year the route refuses as
     * malformed.
     */
    async readWithSession(tokenHash: string, query: unknown) {
      const parsed = yearQuerySchema.safeParse(query);
      if (!parsed.success) return null;
      const year = parsed.data.year ?? shanghaiYear(deps.clock.now());
      const cacheKey = `${year}:${tokenHash}`;
      const held = answers.has(cacheKey);
      const { session, mark } = await sessionHoursMark(deps.database, tokenHash, year, held);
      return { session, data: mark && { ...mark, cacheKey } };
    },
  };
}
