import type { CatalogueItem, Confidence, DetailField, MemberType, OutputUnit } from '../types.ts';
import { FIRST_RULE_YEAR } from './ruleSets.ts';

/**
 * The output-hour catalogue (产出法 / 产出式学时): 第十八条 for practicing members, 第九条 for
 * non-practicing members (docs/domain.md 3.2). Both articles describe mostly the same activities,
 * so each activity is written once with its code under each article; the rates and caps are the
 * readable figures of the guide, the wording is our best reading and the admin must confirm it.
 */

export interface UnitDefinition {
  /** shown next to the rate: 每项 8 学时 */
  label: string;
  /** counts (articles, degrees) must be whole; time and length may be fractional */
  integral: boolean;
}

export const OUTPUT_UNITS: Record<OutputUnit, UnitDefinition> = {
  hour: { label: '每认定学时', integral: false },
  item: { label: '每项', integral: true },
  day: { label: '每天', integral: false },
  meeting: { label: '每次会议', integral: true },
  session: { label: '每次', integral: true },
  char50k: { label: '每5万字', integral: false },
  article: { label: '每篇', integral: true },
  degree: { label: '每个学位', integral: true },
  qualification: { label: '每项资格', integral: true },
};

interface Activity {
  practicing?: string;
  nonPracticing?: string[];
  description: string;
  unit: OutputUnit;
  rate: number;
  yearlyCap: number;
  evidence: string[];
  fields: DetailField[];
  confidence: { activity: Confidence; figures: Confidence };
}

// The details each kind of work is described by; `unique` ones identify the work (docs/domain.md 3.2:
// the same piece of work never counts twice).
const title = (label = '名称'): DetailField => ({
  key: 'title',
  label,
  kind: 'text',
  required: true,
  unique: true,
});
const text = (key: string, label: string, required = true): DetailField => ({
  key,
  label,
  kind: 'text',
  required,
});
const date = (key: string, label: string): DetailField => ({ key, label, kind: 'date', required: true });

// 'M/L' in the domain table reads as: the activity is M, its rate and cap are L.
const ML = { activity: 'M', figures: 'L' } as const;
const LL = { activity: 'L', figures: 'L' } as const;
const MM = { activity: 'M', figures: 'M' } as const;
const HH = { activity: 'H', figures: 'H' } as const;

const ACTIVITIES: Activity[] = [
  {
    practicing: '18-1',
    nonPracticing: ['9-1'],
    description: '承担中注协或地方注协的课题研究，成果通过验收',
    unit: 'hour',
    rate: 100,
    yearlyCap: 2400,
    evidence: ['课题立项文件', '结项或验收证明（载明认定学时）'],
    fields: [title('课题名称'), text('organizer', '立项单位'), date('acceptedOn', '验收日期')],
    confidence: ML,
  },
  {
    practicing: '18-2',
    description: '参与起草、修订注协的执业准则、规则或指导意见',
    unit: 'item',
    rate: 800,
    yearlyCap: 2400,
    evidence: ['注协出具的参与起草证明', '文件名称及发布文号'],
    fields: [
      title('文件名称'),
      text('documentNo', '发布文号', false),
      text('role', '承担工作'),
      date('publishedOn', '发布日期'),
    ],
    confidence: ML,
  },
  {
    practicing: '18-3',
    description: '参加注协组织的执业质量检查工作',
    unit: 'day',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['注协出具的检查工作证明', '工作天数记录'],
    fields: [
      text('project', '检查项目'),
      text('organizer', '组织单位'),
      date('startedOn', '开始日期'),
      date('endedOn', '结束日期'),
    ],
    confidence: ML,
  },
  {
    practicing: '18-4',
    description: '担任注协专业委员会委员并参加会议',
    unit: 'meeting',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['委员聘书', '会议通知及签到记录'],
    fields: [text('committee', '专业委员会'), date('meetingOn', '会议日期'), text('role', '职务', false)],
    confidence: ML,
  },
  {
    practicing: '18-5',
    nonPracticing: ['9-2'],
    description: '在注协或会计师事务所组织的培训中授课',
    unit: 'session',
    rate: 400,
    yearlyCap: 1200,
    evidence: ['培训通知或课程表', '主办单位出具的授课证明'],
    fields: [title('课程名称'), text('organizer', '主办单位'), date('taughtOn', '授课日期')],
    confidence: ML,
  },
  {
    practicing: '18-6a',
    description: '参与注册会计师考试命题',
    unit: 'item',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['考试主管部门出具的命题工作证明'],
    fields: [text('exam', '考试名称'), date('workedOn', '工作日期')],
    confidence: ML,
  },
  {
    practicing: '18-6b',
    description: '参与注册会计师考试阅卷',
    unit: 'day',
    rate: 200,
    yearlyCap: 2400,
    evidence: ['考试主管部门出具的阅卷工作证明', '阅卷天数记录'],
    fields: [text('exam', '考试名称'), date('startedOn', '开始日期'), date('endedOn', '结束日期')],
    confidence: ML,
  },
  {
    practicing: '18-7',
    description: '受注协委托参与专家评审、评估工作',
    unit: 'item',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['注协出具的评审工作证明'],
    fields: [title('评审项目'), text('organizer', '委托单位'), date('workedOn', '评审日期')],
    confidence: LL,
  },
  {
    practicing: '18-8',
    description: '经注协认可的导师指导或业务指导工作',
    unit: 'item',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['注协出具的指导工作认定文件'],
    fields: [text('mentee', '指导对象'), text('organizer', '认定单位'), date('recognisedOn', '认定日期')],
    confidence: LL,
  },
  {
    practicing: '18-9a',
    nonPracticing: ['9-3a'],
    description: '公开出版专业著作或译著',
    unit: 'char50k',
    rate: 1200,
    yearlyCap: 2400,
    evidence: ['著作或译著的封面、版权页及目录', '本人撰写（翻译）字数说明'],
    fields: [
      title('书名'),
      text('publisher', '出版社'),
      { key: 'isbn', label: 'ISBN', kind: 'isbn', required: true, unique: true },
      date('publishedOn', '出版日期'),
      text('role', '本人角色（著/译/编）'),
    ],
    confidence: MM,
  },
  {
    practicing: '18-9b',
    nonPracticing: ['9-3b'],
    description: '在公开发行的刊物上发表专业文章',
    unit: 'article',
    rate: 800,
    yearlyCap: 2400,
    evidence: ['刊物封面、目录及文章正文', '刊物的国内统一刊号（CN）或国际标准刊号（ISSN）'],
    fields: [title('文章标题'), text('journal', '刊物名称'), date('publishedOn', '发表日期')],
    confidence: MM,
  },
  {
    practicing: '18-10',
    nonPracticing: ['9-4'],
    description: '在职取得会计、审计等相关专业学位（计入授予学位当年）',
    unit: 'degree',
    rate: 2400,
    yearlyCap: 2400,
    evidence: ['学位证书', '学位认证报告'],
    fields: [
      { key: 'degree', label: '学位名称', kind: 'text', required: true, unique: true },
      text('school', '授予单位'),
      date('awardedOn', '授予日期'),
    ],
    confidence: HH,
  },
  {
    practicing: '18-11',
    nonPracticing: ['9-5'],
    description: '当年取得其他相关专业资格',
    unit: 'qualification',
    rate: 1600,
    yearlyCap: 1600,
    evidence: ['资格证书'],
    fields: [
      { key: 'qualification', label: '资格名称', kind: 'text', required: true, unique: true },
      text('certificateNo', '证书编号'),
      date('obtainedOn', '取得日期'),
    ],
    confidence: ML,
  },
  {
    practicing: '18-12',
    nonPracticing: ['9-6'],
    description: '在注协官方网站、公众号等渠道发表专业文章',
    unit: 'article',
    rate: 800,
    yearlyCap: 2400,
    evidence: ['发表页面截图或链接', '注协出具的刊用证明'],
    fields: [title('文章标题'), text('channel', '发表渠道'), date('publishedOn', '发表日期')],
    confidence: LL,
  },
  {
    practicing: '18-13',
    // The non-practicing article lists two "other" items; the guide's image is illegible, so both
    // carry the same default until the national admin supplies the wording.
    nonPracticing: ['9-7', '9-8'],
    description: '中注协认可的其他形式',
    unit: 'item',
    rate: 400,
    yearlyCap: 2400,
    evidence: ['中注协认可文件', '相关证明材料'],
    fields: [title('事项名称'), text('organizer', '认可单位'), date('recognisedOn', '认可日期')],
    confidence: LL,
  },
];

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..99 in Chinese numerals, as articles and clauses are numbered: 9 -> 九, 13 -> 十三, 20 -> 二十. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (DIGITS[tens] ?? '')}十${ones === 0 ? '' : (DIGITS[ones] ?? '')}`;
}

/** '18-9b' -> '第十八条（九）b 项'; '9-4' -> '第九条（四）项'. */
export function articleLabel(code: string): string {
  const match = /^(\d{1,2})-(\d{1,2})([a-z]?)$/.exec(code);
  if (!match) return code;
  const [, article = '', clause = '', sub = ''] = match;
  return `第${chineseNumber(Number(article))}条（${chineseNumber(Number(clause))}）${sub ? `${sub} ` : ''}项`;
}

function toItem(code: string, memberType: MemberType, activity: Activity, index?: number): CatalogueItem {
  const otherSuffix =
    index === undefined || (activity.nonPracticing?.length ?? 0) < 2 ? '' : `（${index + 1}）`;
  return {
    code,
    article: articleLabel(code),
    version: 1,
    memberTypes: [memberType],
    description: activity.description + otherSuffix,
    unit: activity.unit,
    rate: activity.rate,
    yearlyCap: activity.yearlyCap,
    evidence: [...activity.evidence],
    fields: activity.fields.map((f) => ({ ...f })),
    activeFrom: FIRST_RULE_YEAR,
    activeTo: null,
    confidence: { ...activity.confidence },
  };
}

export function defaultCatalogue(): CatalogueItem[] {
  const practicing = ACTIVITIES.flatMap((a) => (a.practicing ? [toItem(a.practicing, 'practicing', a)] : []));
  const nonPracticing = ACTIVITIES.flatMap((a) =>
    (a.nonPracticing ?? []).map((code, i) => toItem(code, 'non_practicing', a, i)),
  );
  return [...practicing, ...nonPracticing];
}
