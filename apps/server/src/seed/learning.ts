import { sql } from 'drizzle-orm';
import { type Clock, shanghaiYear, systemClock } from '../clock.ts';
import type { Db } from '../db/client.ts';

/**
 * Demo catalogue: for each institute, for the current year and the next, 4 required and 8 elective
 * courses. Every lesson plays one of the clips in assets/videos and declares that clip's real length,
 * so a browser journey can watch a 20-second required lesson to the end.
 */

const CLIPS = {
  20: 'clip-20s.mp4',
  30: 'clip-30s.mp4',
  45: 'clip-45s.mp4',
  60: 'clip-60s.mp4',
  300: 'clip-300s.mp4',
};
type Clip = keyof typeof CLIPS;

interface DemoLesson {
  title: string;
  seconds: Clip;
  /** 学时 in hundredths */
  credit: number;
}
interface DemoCourse {
  code: string;
  title: string;
  kind: 'required' | 'elective';
  ethics: boolean;
  description: string;
  lessons: DemoLesson[];
}

const COURSES: DemoCourse[] = [
  {
    code: 'R1',
    title: '中国注册会计师审计准则新修订解读',
    kind: 'required',
    ethics: false,
    description: '系统讲解审计准则近年修订的背景、主要变化及对审计实务的影响。',
    lessons: [
      { title: '审计准则修订背景概述', seconds: 20, credit: 50 },
      { title: '风险评估程序的主要变化', seconds: 60, credit: 100 },
      { title: '审计报告的新要求与案例', seconds: 300, credit: 200 },
    ],
  },
  {
    code: 'R2',
    title: '注册会计师职业道德守则',
    kind: 'required',
    ethics: true,
    description: '围绕诚信、客观公正、独立性与保密等基本原则，结合典型案例讲解职业道德要求。',
    lessons: [
      { title: '独立性要求与常见威胁', seconds: 30, credit: 100 },
      { title: '利益冲突与保密义务', seconds: 45, credit: 100 },
    ],
  },
  {
    code: 'R3',
    title: '企业会计准则重点难点解析',
    kind: 'required',
    ethics: false,
    description: '聚焦收入、租赁、金融工具等准则的实务难点，讲解会计处理与披露要求。',
    lessons: [
      { title: '收入准则五步法模型', seconds: 45, credit: 100 },
      { title: '新租赁准则的承租人会计处理', seconds: 60, credit: 100 },
      { title: '金融工具分类与减值', seconds: 300, credit: 200 },
    ],
  },
  {
    code: 'R4',
    title: '内部控制审计实务',
    kind: 'required',
    ethics: false,
    description: '介绍内部控制审计的工作流程、缺陷认定标准以及与财务报表审计的整合。',
    lessons: [
      { title: '内部控制缺陷的认定', seconds: 30, credit: 50 },
      { title: '财务报表审计与内部控制审计的整合', seconds: 60, credit: 150 },
    ],
  },
  {
    code: 'E1',
    title: '增值税政策最新变化与实务操作',
    kind: 'elective',
    ethics: false,
    description: '梳理增值税税率、留抵退税及发票管理的最新政策，讲解申报实务。',
    lessons: [
      { title: '增值税留抵退税政策', seconds: 45, credit: 100 },
      { title: '数电发票与申报要点', seconds: 30, credit: 50 },
    ],
  },
  {
    code: 'E2',
    title: '企业所得税汇算清缴要点',
    kind: 'elective',
    ethics: false,
    description: '讲解企业所得税汇算清缴中的收入确认、扣除限额与税收优惠。',
    lessons: [
      { title: '税前扣除项目的限额计算', seconds: 60, credit: 100 },
      { title: '研发费用加计扣除实务', seconds: 300, credit: 200 },
    ],
  },
  {
    code: 'E3',
    title: '大数据分析在审计中的应用',
    kind: 'elective',
    ethics: false,
    description: '介绍数据采集、清洗与分析方法，演示在审计抽样和异常识别中的应用。',
    lessons: [{ title: '审计数据分析入门', seconds: 45, credit: 100 }],
  },
  {
    code: 'E4',
    title: '上市公司财务舞弊识别与应对',
    kind: 'elective',
    ethics: false,
    description: '通过典型舞弊案例，分析舞弊动机、手法与审计应对程序。',
    lessons: [
      { title: '收入舞弊的常见手法', seconds: 60, credit: 100 },
      { title: '舞弊风险的审计应对', seconds: 30, credit: 50 },
    ],
  },
  {
    code: 'E5',
    title: '政府会计制度实务',
    kind: 'elective',
    ethics: false,
    description: '讲解政府会计“双功能、双基础、双报告”的核算模式与报表编制。',
    lessons: [{ title: '财务会计与预算会计平行记账', seconds: 45, credit: 100 }],
  },
  {
    code: 'E6',
    title: '注册会计师法律责任与执业风险防范',
    kind: 'elective',
    ethics: true,
    description: '结合行政处罚与民事诉讼案例，讲解注册会计师的法律责任与职业操守。',
    lessons: [
      { title: '证券虚假陈述中的审计责任', seconds: 30, credit: 100 },
      { title: '执业风险的防范措施', seconds: 20, credit: 50 },
    ],
  },
  {
    code: 'E7',
    title: '国有企业审计与经济责任审计',
    kind: 'elective',
    ethics: false,
    description: '介绍国有企业审计重点及领导干部经济责任审计的内容与方法。',
    lessons: [{ title: '经济责任审计的评价方法', seconds: 60, credit: 100 }],
  },
  {
    code: 'E8',
    title: '可持续发展报告与ESG鉴证',
    kind: 'elective',
    ethics: false,
    description: '介绍可持续披露准则的发展、ESG报告的编制要点及鉴证业务。',
    lessons: [
      { title: '可持续披露准则概览', seconds: 45, credit: 100 },
      { title: 'ESG鉴证业务实务', seconds: 300, credit: 200 },
    ],
  },
];

const TEACHERS: Record<number, string[]> = {
  1: [
    '陈立新',
    '王淑华',
    '刘建国',
    '赵敏',
    '孙志强',
    '周文',
    '吴晓明',
    '郑海涛',
    '钱芳',
    '冯立',
    '何静',
    '许振华',
  ],
  2: ['杨帆', '黄丽娟', '林国栋', '马晓峰', '朱红', '胡斌', '高洁', '罗志远', '梁雪', '宋涛', '谢琳', '韩伟'],
  3: ['唐明', '曹颖', '邓海', '彭丽', '曾志华', '萧然', '田勇', '董慧', '袁杰', '蒋琴', '蔡宁', '潘磊'],
};

const QUESTIONS = [
  {
    id: 'relevance',
    text: '课程内容是否符合您的实际工作需要？',
    type: 'single',
    options: ['非常符合', '比较符合', '一般', '不符合'],
    required: true,
  },
  { id: 'suggestion', text: '您对本课程还有哪些建议？', type: 'text', required: false },
];

async function seedYear(db: Db, instituteId: number, year: number) {
  const teachers = TEACHERS[instituteId] ?? TEACHERS[1]!;
  const values = COURSES.map(
    (c, i) =>
      sql`(${instituteId}, ${year}, ${c.code}, ${c.title}, ${teachers[i % teachers.length]!}, ${c.kind}, ${c.ethics}, ${c.description}, ${i + 1})`,
  );
  const { rows } = await db.execute<{ id: number; code: string }>(sql`
    INSERT INTO courses (institute_id, year, code, title, teacher, kind, ethics, description, sort)
    VALUES ${sql.join(values, sql`, `)}
    ON CONFLICT (institute_id, year, code) DO UPDATE SET code = EXCLUDED.code
    RETURNING id, code`);
  const ids = new Map(rows.map((r) => [r.code, Number(r.id)]));
  const lessons = COURSES.flatMap((c) =>
    c.lessons.map(
      (l, i) =>
        sql`(${ids.get(c.code)!}, ${l.title}, ${l.seconds}, ${l.credit}, ${CLIPS[l.seconds]}, ${i + 1})`,
    ),
  );
  await db.execute(sql`
    INSERT INTO lessons (course_id, title, duration_seconds, credit_hundredths, video_file, sort)
    VALUES ${sql.join(lessons, sql`, `)}
    ON CONFLICT (course_id, sort) DO NOTHING`);
}

/** Idempotent: existing courses, lessons and questionnaires are left as they are. */
export async function seedDemoLearning(db: Db, clock: Clock = systemClock) {
  const year = shanghaiYear(clock.now());
  for (const instituteId of [1, 2, 3]) {
    for (const y of [year, year + 1]) await seedYear(db, instituteId, y);
  }
  // Two institutes ask a short questionnaire with the rating, in both years; 厦门 asks none.
  for (const instituteId of [1, 2]) {
    for (const y of [year, year + 1]) {
      await db.execute(sql`
        INSERT INTO institute_questionnaires (institute_id, year, questions)
        VALUES (${instituteId}, ${y}, ${JSON.stringify(QUESTIONS)}::jsonb)
        ON CONFLICT (institute_id, year) DO NOTHING`);
    }
  }
}
