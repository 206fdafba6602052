import { exportReportLabels } from '@cpe/shared';
import { countMembers, type MemberFilter, memberPages } from '../../member-import/member.repository.ts';
import { filterText } from '../filters.ts';
import type { ExportContext, ExportDefinition } from '../registry.ts';

const filterOf = (ctx: ExportContext): MemberFilter => ({
  province: ctx.province ?? filterText(ctx.filters.province) ?? null,
  memberType: filterText(ctx.filters.memberType),
});

export const membersExport: ExportDefinition = {
  report: 'members',
  title: exportReportLabels.members,
  roles: ['national_admin', 'provincial_reviewer'],
  columns: [
    { header: '会员证书编号', key: 'username' },
    { header: '姓名', key: 'name', width: 12 },
    { header: '会员类型', key: 'memberType', width: 12 },
    { header: '地方注协', key: 'province', width: 10 },
    { header: '会计师事务所', key: 'firm', width: 28 },
    { header: '身份证号', key: 'idNumber', width: 22 },
    { header: '手机号', key: 'mobile', width: 14 },
    { header: '注册日期', key: 'registeredOn', width: 12 },
    { header: '状态', key: 'state', width: 8 },
  ],
  count: (db, ctx) => countMembers(db, filterOf(ctx)),
  pages: (db, ctx) => memberPages(db, filterOf(ctx)),
};
