import {
  INTEGRATION_MAX_RECORDS,
  type IntegrationBatchReport,
  type IntegrationHourRecord,
} from '@cpe/shared';
import { shanghaiYear } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { studyWindows } from '../study/study.window.ts';
import {
  clientByKey,
  closedYears,
  countBatch,
  createBatch,
  type IntegrationClient,
  insertRecords,
  type RecordMember,
  recordMembers,
  rememberNonce,
  storedRecords,
} from './integration.repository.ts';
import {
  asStored,
  compareWithStored,
  countRows,
  parseRows,
  type Refusal,
  refused,
  settleRepeats,
} from './integration.rows.ts';
import {
  NONCE_PATTERN,
  SIGNATURE_HEADERS,
  SIGNATURE_WINDOW_SECONDS,
  sign,
  signatureMatches,
  signedText,
} from './integration.signature.ts';

export interface SignedRequest {
  method: string;
  /** the path as sent, with any query */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const headerOf = (headers: SignedRequest['headers'], name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The institute integration API: an institute's own learning platform pushes hour records in signed
 * batches (docs/integration.md). Accepted records wait in integration_hour_records; the daily sync posts
 * them into the hour ledger once, as it does evaluated lessons (学时次日可查询).
 */
export function integrationService(deps: Deps) {
  const { db, clock } = deps;

  /** The key, the signature and the timestamp; 401 otherwise. The nonce is checked in the batch's transaction. */
  async function authenticate(req: SignedRequest): Promise<{ client: IntegrationClient; nonce: string }> {
    const keyId = headerOf(req.headers, SIGNATURE_HEADERS.key);
    const timestamp = headerOf(req.headers, SIGNATURE_HEADERS.timestamp);
    const nonce = headerOf(req.headers, SIGNATURE_HEADERS.nonce);
    const signature = headerOf(req.headers, SIGNATURE_HEADERS.signature);
    if (!keyId || !timestamp || !nonce || !signature) {
      throw new AppError(
        'SIGNATURE_INVALID',
        '缺少签名请求头 X-CPE-Key、X-CPE-Timestamp、X-CPE-Nonce 或 X-CPE-Signature',
      );
    }
    if (!/^\d{1,12}$/.test(timestamp))
      throw new AppError('SIGNATURE_INVALID', 'X-CPE-Timestamp 须为 Unix 秒数');
    if (!NONCE_PATTERN.test(nonce)) {
      throw new AppError('SIGNATURE_INVALID', 'X-CPE-Nonce 须为 16–64 位字母、数字、_ 或 -');
    }
    const client = await clientByKey(db, keyId);
    if (!client || client.disabled) throw new AppError('SIGNATURE_INVALID', '密钥不存在或已停用');
    const expected = sign(client.secret, signedText(req.method, req.path, timestamp, nonce, req.body));
    if (!signatureMatches(expected, signature)) throw new AppError('SIGNATURE_INVALID', '签名不正确');
    const skew = Math.abs(clock.now().getTime() / 1000 - Number(timestamp));
    if (skew > SIGNATURE_WINDOW_SECONDS) {
      throw new AppError(
        'REQUEST_EXPIRED',
        `请求时间戳与服务器时间相差超过 ${SIGNATURE_WINDOW_SECONDS / 60} 分钟`,
      );
    }
    return { client, nonce };
  }

  function envelope(body: string): unknown[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new AppError('BAD_REQUEST', '请求内容不是有效的 JSON');
    }
    const records = (parsed as { records?: unknown } | null)?.records;
    if (!Array.isArray(records) || records.length === 0) {
      throw new AppError('VALIDATION_FAILED', 'records：须为至少包含一条记录的数组');
    }
    if (records.length > INTEGRATION_MAX_RECORDS) {
      throw new AppError('PAYLOAD_TOO_LARGE', `每批最多 ${INTEGRATION_MAX_RECORDS} 条记录，请分批推送`);
    }
    return records;
  }

  /** Why a valid-looking record of a member cannot be accepted now, or null. */
  async function refusal(
    r: IntegrationHourRecord,
    member: RecordMember | undefined,
    client: IntegrationClient,
    closed: Set<number>,
    windows: ReturnType<typeof studyWindows>,
  ): Promise<Refusal | null> {
    const completed = new Date(r.completedAt);
    const evaluated = new Date(r.evaluatedAt);
    if (evaluated < completed) return refused('VALIDATION_FAILED', '评价时间不能早于学完时间');
    if (evaluated > clock.now()) return refused('VALIDATION_FAILED', '评价时间不能晚于当前时间');
    if (shanghaiYear(completed) !== r.year)
      return refused('VALIDATION_FAILED', `学完时间不在 ${r.year} 年度内`);
    if (!member) return refused('NOT_FOUND', '未找到该证书编号和会员类型的会员');
    if (member.instituteId !== client.instituteId) {
      return refused('INSTITUTE_NOT_CHOSEN', `该会员 ${r.year} 年度未选择本学院，学时不能由本学院报送`);
    }
    if (closed.has(r.year)) return refused('YEAR_CLOSED', `${r.year} 年度已关闭，学时不能再变动`);
    const { status, window } = await windows.state({ kind: 'member', ...member }, r.year);
    if (status === 'closed')
      return refused('STUDY_WINDOW_CLOSED', `${r.year} 年度的学习已于 ${window.closes} 结束`);
    if (status === 'not_open')
      return refused('STUDY_WINDOW_NOT_OPEN', `${r.year} 年度的学习自 ${window.opens} 起开放`);
    return null;
  }

  return {
    /**
     * One signed batch, in one transaction: each row accepted, a duplicate of a record already received
     * (same content), or refused with its reason. Two identical batches at once insert each record once
     * (unique key per institute and record id); the second reports them as duplicates.
     */
    async receive(req: SignedRequest): Promise<IntegrationBatchReport> {
      const { client, nonce } = await authenticate(req);
      const raws = envelope(req.body);
      const now = clock.now();
      return db.transaction(async (tx) => {
        const forget = new Date(now.getTime() - 2 * SIGNATURE_WINDOW_SECONDS * 1000);
        if (!(await rememberNonce(tx, client.id, nonce, now, forget))) {
          throw new AppError('REQUEST_REPLAYED', '该请求（X-CPE-Nonce）已处理过，重放的请求不予受理');
        }
        const batchId = await createBatch(tx, client.id, now);
        // the rule data read on this transaction's connection (PGlite has only one)
        const windows = studyWindows({ clock, db: tx });
        const batch = parseRows(raws);
        const { rows } = batch;
        const firsts = [...batch.firsts.entries()];
        const members = await recordMembers(
          tx,
          firsts.map(([, r]) => ({ memberType: r.memberType, username: r.certificateNumber, year: r.year })),
        );
        const memberOf = (r: IntegrationHourRecord) =>
          members.find(
            (m) => m.memberType === r.memberType && m.username === r.certificateNumber && m.year === r.year,
          );
        const incoming = (r: IntegrationHourRecord) => asStored(r, memberOf(r)?.id ?? -1);
        const closed = await closedYears(tx, [...new Set(firsts.map(([, r]) => r.year))]);
        const stored = async (ids: string[]) =>
          new Map((await storedRecords(tx, client.instituteId, ids)).map((s) => [s.recordId, s]));

        const before = await stored(firsts.map(([, r]) => r.recordId));
        const candidates: Array<[number, IntegrationHourRecord]> = [];
        for (const [i, r] of firsts) {
          const earlier = before.get(r.recordId);
          if (earlier) compareWithStored(rows[i]!, incoming(r), earlier);
          else {
            const why = await refusal(r, memberOf(r), client, closed, windows);
            if (why) Object.assign(rows[i]!, why);
            else candidates.push([i, r]);
          }
        }
        const inserted = await insertRecords(
          tx,
          client.instituteId,
          batchId,
          now,
          candidates.map(([, r]) => incoming(r)),
        );
        // rows a concurrent batch inserted first: compared with what it stored
        const raced = await stored(
          candidates.filter(([, r]) => !inserted.has(r.recordId)).map(([, r]) => r.recordId),
        );
        for (const [i, r] of candidates) {
          if (inserted.has(r.recordId)) rows[i]!.status = 'accepted';
          else compareWithStored(rows[i]!, incoming(r), raced.get(r.recordId)!);
        }
        settleRepeats(batch);
        const counts = countRows(rows);
        await countBatch(tx, batchId, counts);
        await recordAudit(tx, {
          at: now,
          actorType: 'system',
          actorName: client.keyId,
          action: 'integration.hour_records',
          target: `batch:${batchId}`,
          result: 'success',
          detail: { instituteId: client.instituteId, ...counts },
        });
        return { batchId, ...counts, rows };
      });
    },
  };
}

export type IntegrationService = ReturnType<typeof integrationService>;
