import type { ExportReport, StaffRole } from '@cpe/shared';
import type { Executor } from '../../db/client.ts';
import type { XlsxColumn } from '../../documents/xlsx.ts';
import { auditExport } from './reports/audit.ts';
import { claimsExport } from './reports/claims.ts';
import { complianceExport } from './reports/compliance.ts';
import { membersExport } from './reports/members.ts';
import { ordersExport } from './reports/orders.ts';

/** What an export is run with: the filters as requested and the requester's province scope. */
export interface ExportContext {
  filters: Record<string, unknown>;
  /** a provincial reviewer's province, null for nationwide */
  province: string | null;
  /** the current year (Asia/Shanghai) when the filters name none */
  currentYear: number;
}

/**
 * One exportable report: who may request it, its columns, how many rows it will have and the rows
 * themselves as pages read one after another (never the whole list in memory).
 */
export interface ExportDefinition {
  report: ExportReport;
  title: string;
  roles: readonly StaffRole[];
  columns: XlsxColumn[];
  count(db: Executor, ctx: ExportContext): Promise<number>;
  pages(db: Executor, ctx: ExportContext): AsyncIterable<Record<string, unknown>[]>;
}

/** Every report that can be exported. Adding one is one file in reports/ and a line here. */
export const exportDefinitions: ExportDefinition[] = [
  complianceExport,
  membersExport,
  auditExport,
  ordersExport,
  claimsExport,
];

export const findExportDefinition = (report: string) => exportDefinitions.find((d) => d.report === report);
