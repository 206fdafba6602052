import type { MemberType } from '@cpe/shared';

/** One-line descriptions of the member pages, in the guide's wording, used on the home page and placeholders. */
export const memberPageInfo = {
  learning: () =>
    '选择一家国家会计学院进行学习（每年只能选择一家，当年不可更改）；需先完成必修课程，才可以学习选修课程；每节课学习完都须进行“评价”。',
  hours: () =>
    '学习完国家会计学院的网络视频课程后，第二天可查询学时情况；如有疑问请咨询所选择的国家会计学院。',
  outputHours: (type: MemberType) =>
    type === 'practicing'
      ? '按《中国注册会计师继续教育制度》第十八条申请产出法形式学时：查看已申请的记录，点击“新增”提交申请及证明材料，由地方注协审核。'
      : '按《中国注册会计师协会非执业会员登记办法》第九条申请产出式学时：查看已申请的记录，点击“新增”提交申请及证明材料，由地方注协审核。',
  exemptions: (type: MemberType) =>
    type === 'practicing'
      ? '按《中国注册会计师继续教育制度》第二十条申请豁免学时：查看已申请的记录，点击“新增”提交申请及证明材料，由地方注协审核。'
      : '按《中国注册会计师协会非执业会员登记办法》第十一条申请减免学时：查看已申请的记录，点击“新增”提交申请及证明材料，由地方注协审核。',
  notices: () => '查看中注协、地方注协和国家会计学院发布的培训通知，包括面授培训的时间、地点和报名方式。',
};

/** Asia/Shanghai is UTC+8 all year (China has had no daylight saving time since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The current year of the continuing-education cycle (calendar year, Asia/Shanghai). Plain arithmetic
 * rather than an Intl.DateTimeFormat with a time zone, whose construction (loading the zone's data) took
 * over 100 ms of a throttled phone's main thread on the member home.
 */
export function currentCycleYear(now: Date = new Date()): number {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}
