import { articleLabel } from '@cpe/rules';
import { claimStatuses, claimStatusLabels, exportReportLabels } from '@cpe/shared';
import { shanghaiDate } from '../../../clock.ts';
import {
  type ClaimExportFilter,
  claimExportPages,
  countClaimsForExport,
} from '../../claim/claim-export.repository.ts';
import { filterInt, filterText } from '../filters.ts';
import type { ExportContext, ExportDefinition } from '../registry.ts';

const filterOf = ({ filters: f, province }: ExportContext): ClaimExportFilter => ({
  province: province ?? filterText(f.province) ?? null,
  year: filterInt(f.year),
  status: claimStatuses.find((s) => s === f.status && s !== 'draft'),
});

const hours = (hundredths: number | null) => (hundredths === null ? '' : (hundredths / 100).toFixed(2));
const day = (d: Date | null) => (d ? shanghaiDate(d) : '');

/** 产出法/产出式学时 claims once submitted: the reviewers' list (their province) or nationwide. */
export const claimsExport: ExportDefinition = {
  report: 'claims',
  title: exportReportLabels.claims,
  roles: ['national_admin', 'provincial_reviewer'],
  columns: [
    { header: '申报编号', key: 'id', width: 10 },
    { header: '会员证书编号', key: 'username' },
    { header: '姓名', key: 'name', width: 12 },
    { header: '地方注协', key: 'province', width: 10 },
    { header: '年度', key: 'year', width: 8 },
    { header: '项目', key: 'item', width: 28 },
    { header: '成果名称', key: 'title', width: 30 },
    { header: '申报学时', key: 'claimedHours', width: 10 },
    { header: '核定学时', key: 'approvedHours', width: 10 },
    { header: '状态', key: 'status', width: 12 },
    { header: '提交日期', key: 'submittedOn', width: 12 },
    { header: '审核日期', key: 'decidedOn', width: 12 },
    { header: '审核人', key: 'reviewer', width: 14 },
  ],
  count: (db, ctx) => countClaimsForExport(db, filterOf(ctx)),
  async *pages(db, ctx) {
    for await (const page of claimExportPages(db, filterOf(ctx))) {
      yield page.map((c) => ({
        id: c.id,
        username: c.username,
        name: c.name,
        province: c.province,
        year: c.year,
        item: `${c.item} ${articleLabel(c.item)}`,
        title: c.title,
        claimedHours: hours(c.computedHundredths),
        approvedHours: hours(c.grantedHundredths),
        status: claimStatusLabels[c.status as keyof typeof claimStatusLabels] ?? c.status,
        submittedOn: day(c.submittedAt),
        decidedOn: day(c.decidedAt),
        reviewer: c.reviewer ?? '',
      }));
    }
  },
};
