import { exportReportLabels } from '@cpe/shared';
import { type AuditFilter, auditPages, countAudit } from '../../audit/audit.repository.ts';
import { filterText } from '../filters.ts';
import type { ExportContext, ExportDefinition } from '../registry.ts';

const filterOf = ({ filters: f }: ExportContext): AuditFilter => ({
  actor: filterText(f.actor),
  action: filterText(f.action),
  target: filterText(f.target),
  from: filterText(f.from),
  to: filterText(f.to),
});

export const auditExport: ExportDefinition = {
  report: 'audit',
  title: exportReportLabels.audit,
  roles: ['national_admin', 'system_admin'],
  columns: [
    { header: '时间', key: 'at', width: 24 },
    { header: '操作人类型', key: 'actorType', width: 10 },
    { header: '操作人', key: 'actorName' },
    { header: '操作', key: 'action', width: 24 },
    { header: '对象', key: 'target', width: 24 },
    { header: '结果', key: 'result', width: 10 },
    { header: 'IP', key: 'ip' },
    { header: '详情', key: 'detail', width: 40 },
  ],
  count: (db, ctx) => countAudit(db, filterOf(ctx)),
  pages: (db, ctx) => auditPages(db, filterOf(ctx)),
};
