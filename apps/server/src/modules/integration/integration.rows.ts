import { type IntegrationHourRecord, type IntegrationRow, integrationHourRecordSchema } from '@cpe/shared';
import type { StoredRecord } from './integration.repository.ts';

/** The per-row part of a batch: parsing, record ids repeated within it, content comparison. No I/O. */

export type Refusal = Required<Pick<IntegrationRow, 'code' | 'message'>>;
export const refused = (code: string, message: string): Refusal => ({ code, message });

/** The row's record id for the report: the one sent when it is usable, else its position. */
function reportedId(raw: unknown, index: number): string {
  const id = (raw as { recordId?: unknown } | null)?.recordId;
  return typeof id === 'string' && /^[\x21-\x7e]{1,64}$/.test(id) ? id : `#${index + 1}`;
}

export interface ParsedBatch {
  /** one per row sent, refused until decided */
  rows: IntegrationRow[];
  /** the first valid row of each record id, by row index */
  firsts: Map<number, IntegrationHourRecord>;
  /** later valid rows of a record id already in `firsts`: [row index, record, first row index] */
  repeats: Array<[number, IntegrationHourRecord, number]>;
}

/** Each row checked against the contract; a bad row is refused alone with the first problem found. */
export function parseRows(raws: unknown[]): ParsedBatch {
  const batch: ParsedBatch = { rows: [], firsts: new Map(), repeats: [] };
  const firstOf = new Map<string, number>();
  raws.forEach((raw, i) => {
    const row: IntegrationRow = { recordId: reportedId(raw, i), status: 'refused' };
    batch.rows.push(row);
    const parsed = integrationHourRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.');
      Object.assign(
        row,
        refused('VALIDATION_FAILED', `${field ? `${field}：` : ''}${issue?.message ?? '输入有误'}`),
      );
      return;
    }
    const first = firstOf.get(parsed.data.recordId);
    if (first === undefined) {
      firstOf.set(parsed.data.recordId, i);
      batch.firsts.set(i, parsed.data);
    } else batch.repeats.push([i, parsed.data, first]);
  });
  return batch;
}

export const asStored = (r: IntegrationHourRecord, memberId: number): StoredRecord => ({
  recordId: r.recordId,
  memberId,
  year: r.year,
  courseTitle: r.courseTitle,
  lessonTitle: r.lessonTitle,
  kind: r.kind,
  ethics: r.ethics,
  hoursHundredths: Math.round(r.hours * 100),
  completedAt: new Date(r.completedAt),
  evaluatedAt: new Date(r.evaluatedAt),
});

/** Everything a record says, so a record id sent again can be told apart: same content or not. */
export const sameRecord = (a: StoredRecord, b: StoredRecord) =>
  a.memberId === b.memberId &&
  a.year === b.year &&
  a.courseTitle === b.courseTitle &&
  a.lessonTitle === b.lessonTitle &&
  a.kind === b.kind &&
  a.ethics === b.ethics &&
  a.hoursHundredths === b.hoursHundredths &&
  a.completedAt.getTime() === b.completedAt.getTime() &&
  a.evaluatedAt.getTime() === b.evaluatedAt.getTime();

/** A record id received before: the same content is a duplicate, other content a conflict. */
export function compareWithStored(row: IntegrationRow, incoming: StoredRecord, stored: StoredRecord) {
  if (sameRecord(stored, incoming)) row.status = 'duplicate';
  else
    Object.assign(
      row,
      refused('CONFLICTING_RECORD', '该记录编号已接收过不同内容的记录；更正请使用新的记录编号'),
    );
}

/** A record id repeated within the batch: with the same content it shares the first row's outcome. */
export function settleRepeats({ rows, firsts, repeats }: ParsedBatch) {
  for (const [i, record, first] of repeats) {
    const row = rows[i]!;
    const other = firsts.get(first)!;
    const sameMember =
      record.memberType === other.memberType && record.certificateNumber === other.certificateNumber;
    if (!sameMember || !sameRecord(asStored(record, 0), asStored(other, 0))) {
      Object.assign(row, refused('CONFLICTING_RECORD', '同一批内该记录编号出现了不同内容'));
      continue;
    }
    const { status, code, message } = rows[first]!;
    Object.assign(row, status === 'refused' ? { status, code, message } : { status: 'duplicate' });
  }
}

export function countRows(rows: IntegrationRow[]) {
  const count = (s: IntegrationRow['status']) => rows.filter((r) => r.status === s).length;
  return { accepted: count('accepted'), duplicates: count('duplicate'), refused: count('refused') };
}
