import type { StaffRole } from '@cpe/shared';

export interface StaffPage {
  path: string;
  label: string;
  roles: readonly StaffRole[];
  /** One line for the page until it is built. */
  description: string;
  /** Menu group (a submenu) the page sits in, if any. */
  group?: { key: string; label: string };
}

const reviewGroup = { key: 'review', label: '审核工作台' };

/** 我的导出: the exports a staff member started (ExportButton links to it). */
export const myExportsPath = '/staff/exports';

/**
 * Every staff console page, with the roles that see it. router.tsx turns these into routes, staff.tsx
 * into the menu (with its icons, kept there: the router is in the first bundle and needs none).
 */
export const staffPages: StaffPage[] = [
  {
    path: '/staff/orders',
    label: '订单管理',
    roles: ['national_admin'],
    description: '非执业会员继续教育费用的订单与支付：筛选、按学院和日期汇总、导出、退款。',
  },
  {
    path: '/staff/fees',
    label: '收费标准',
    roles: ['national_admin'],
    description: '按年度设置各会计学院的继续教育费用金额。',
  },
  {
    path: '/staff/rules',
    label: '规则设置',
    roles: ['national_admin'],
    description:
      '按年度与会员类型维护学时要求（总学时、职业道德、网络培训与产出学时上限等）及地方注协的补充规则。',
  },
  {
    path: '/staff/output-catalogue',
    label: '产出项目目录',
    roles: ['national_admin'],
    description: '维护第十八条（执业会员）与第九条（非执业会员）产出法认可形式的项目、折算标准和年度上限。',
  },
  {
    path: '/staff/reports',
    label: '报表',
    roles: ['national_admin', 'provincial_reviewer'],
    description: '按年度、地方注协、会员类型统计学时完成情况，并导出报表。',
  },
  {
    path: '/staff/plan-forecasts',
    label: '学习计划预测',
    roles: ['national_admin'],
    description: '按地方注协查看每晚预测的预计不达标会员人数，并导出名单。',
  },
  {
    path: '/staff/years',
    label: '年度管理',
    roles: ['national_admin'],
    description:
      '向学时未达标的会员发送年度提醒短信；学习截止后关闭年度（冻结达标状态），必要时说明理由重新开放。',
  },
  {
    path: '/staff/members/import',
    label: '会员导入',
    roles: ['national_admin'],
    description: '从 Excel 导入会员：逐行校验并预览错误，全部无误后一次导入。',
  },
  {
    path: '/staff/review/output-hours',
    label: '产出学时审核',
    roles: ['provincial_reviewer'],
    group: reviewGroup,
    description: '审核本省会员提交的产出法形式学时（产出式学时）申请及证明材料，通过或退回并说明理由。',
  },
  {
    path: '/staff/review/exemptions',
    label: '豁免审核',
    roles: ['provincial_reviewer'],
    group: reviewGroup,
    description: '审核本省会员提交的豁免学时（减免学时）申请及证明材料。',
  },
  {
    path: '/staff/face-to-face',
    label: '面授培训登记',
    roles: ['provincial_reviewer', 'national_admin'],
    description: '发布培训通知，登记面授培训的报名与出勤情况，计入会员当年学时。',
  },
  {
    path: '/staff/courses',
    label: '课程管理',
    roles: ['institute_admin'],
    description: '维护本学院年度网络课程目录：课程、课节视频、学时数及必修/选修属性。',
  },
  {
    path: '/staff/learners',
    label: '学员学习情况',
    roles: ['institute_admin'],
    description: '查看选择本学院的会员的学习进度、评价和学时上报情况。',
  },
  {
    path: '/staff/integration-keys',
    label: '对接密钥',
    roles: ['institute_admin'],
    description: '本学院自有学习平台推送学时记录所用的签名密钥：发放、查看与停用。',
  },
  {
    path: '/staff/accounts',
    label: '账户与角色',
    roles: ['system_admin'],
    description: '创建和停用管理人员账户，分配角色及所属地方注协或国家会计学院。',
  },
  {
    path: '/staff/audit',
    label: '审计日志',
    roles: ['system_admin', 'national_admin'],
    description: '查询登录、审核、规则修改等操作的审计记录。',
  },
  {
    path: myExportsPath,
    label: '我的导出',
    // the roles the server lets export (export.routes.ts)
    roles: ['national_admin', 'provincial_reviewer', 'system_admin'],
    description: '本人最近发起的 Excel 导出：进度、状态，完成后下载文件。',
  },
];
