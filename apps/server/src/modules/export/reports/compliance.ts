import { complianceStatusLabels, exportReportLabels } from '@cpe/shared';
import { complianceCount, complianceListPages, type ListFilter } from '../../report/report.repository.ts';
import { filterText } from '../filters.ts';
import type { ExportContext, ExportDefinition } from '../registry.ts';

function filterOf(ctx: ExportContext): ListFilter {
  const f = ctx.filters;
  return {
    year: typeof f.year === 'number' ? f.year : ctx.currentYear,
    province: ctx.province ?? filterText(f.province) ?? null,
    status: filterText(f.status),
    memberType: filterText(f.memberType),
    institute: typeof f.institute === 'number' ? f.institute : undefined,
  };
}

export const complianceExport: ExportDefinition = {
  report: 'compliance',
  title: exportReportLabels.compliance,
  roles: ['national_admin', 'provincial_reviewer'],
  columns: [
    { header: '会员证书编号', key: 'username' },
    { header: '姓名', key: 'name', width: 12 },
    { header: '会员类型', key: 'memberType', width: 12 },
    { header: '地方注协', key: 'province', width: 10 },
    { header: '学院', key: 'institute', width: 20 },
    { header: '完成情况', key: 'status', width: 10 },
    { header: '已获学时', key: 'creditedHours', width: 10 },
    { header: '应完成学时', key: 'requiredHours', width: 10 },
  ],
  count: (db, ctx) => complianceCount(db, filterOf(ctx)),
  async *pages(db, ctx) {
    for await (const page of complianceListPages(db, filterOf(ctx))) {
      yield page.map((r) => ({
        ...r,
        memberType: r.memberType === 'practicing' ? '执业会员' : '非执业会员',
        institute: r.institute ?? '',
        status: complianceStatusLabels[r.status],
      }));
    }
  },
};
