import { z } from 'zod';
import { yearSchema } from './params.ts';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

/**
 * Online learning (在线学习): institutes, the yearly institute choice, the catalogue, tracked video,
 * evaluation (评价), 学时查询 and the non-practicing fee gate. Hours are numbers of 学时 with at most
 * two decimals (the server keeps integer hundredths and converts at the edge); money is integer fen.
 */

/** A calendar year (Asia/Shanghai) in a query string; omitted = the current year. */
export const yearQuerySchema = z.object({
  year: yearSchema.optional(),
});
export type YearQuery = z.infer<typeof yearQuerySchema>;

const idParam = z.coerce
  .number()
  .int('编号格式不正确')
  .min(1, '编号格式不正确')
  .max(2_147_483_647, '编号格式不正确');
export const lessonParamsSchema = z.object({ lessonId: idParam });
export const courseParamsSchema = z.object({ courseId: idParam });

// ---- Institutes and the yearly choice ----

export const instituteSchema = z.object({
  id: z.number().int(),
  name: singleLineTextSchema,
  hotline: singleLineTextSchema.describe('咨询电话'),
  introduction: multiLineTextSchema.describe('简介'),
});
export type Institute = z.infer<typeof instituteSchema>;

/** GET /api/institutes */
export const institutesResponseSchema = z.array(instituteSchema);

/** GET /api/me/institute-choice?year=YYYY → the year's choice, `institute` null when none yet. */
export const instituteChoiceSchema = z.object({
  year: z.number().int(),
  institute: instituteSchema.nullable(),
  chosenAt: singleLineTextSchema.nullable().describe('ISO 时间'),
});
export type InstituteChoice = z.infer<typeof instituteChoiceSchema>;

/**
 * POST /api/me/institute-choice → 201 InstituteChoice. The year must be the current Asia/Shanghai year
 * (400 otherwise); a second choice in the same year → 409 INSTITUTE_ALREADY_CHOSEN.
 */
export const instituteChoiceRequestSchema = z.object({
  year: z.number().int('年份格式不正确').min(2000, '年份格式不正确').max(2100, '年份格式不正确'),
  instituteId: z.number().int('请选择会计学院').min(1, '请选择会计学院'),
});
export type InstituteChoiceRequest = z.infer<typeof instituteChoiceRequestSchema>;

// ---- Catalogue ----

export const courseKinds = ['required', 'elective'] as const;
export const courseKindSchema = z.enum(courseKinds);
export type CourseKind = z.infer<typeof courseKindSchema>;
export const courseKindLabels: Record<CourseKind, string> = { required: '必修', elective: '选修' };

export const lessonSummarySchema = z.object({
  id: z.number().int(),
  title: singleLineTextSchema,
  durationSeconds: z.number().int(),
  creditHours: z.number().describe('学时，两位小数'),
  completed: z.boolean(),
  evaluated: z.boolean(),
  watchedSeconds: z.number().int().describe('服务器认可的已观看秒数'),
  positionSeconds: z.number().describe('上次播放位置（续播点）'),
  furthestSeconds: z.number().describe('已观看的最远位置：不能拖动到此位置之后'),
  videoUrl: singleLineTextSchema.describe(
    '/api/lessons/<课节>/video：仅当前可学习该课节的会员可取，支持 Range',
  ),
});
export type LessonSummary = z.infer<typeof lessonSummarySchema>;

export const courseSchema = z.object({
  id: z.number().int(),
  title: singleLineTextSchema,
  teacher: singleLineTextSchema,
  kind: courseKindSchema,
  ethics: z.boolean().describe('职业道德'),
  description: multiLineTextSchema,
  /** an elective whose year still has unfinished required courses */
  locked: z.boolean(),
  /** every lesson completed (watched); evaluation is separate */
  completed: z.boolean(),
  creditHours: z.number().describe('课程各课时学时之和'),
  lessons: z.array(lessonSummarySchema),
});
export type Course = z.infer<typeof courseSchema>;

/** GET /api/courses?year=YYYY (409 INSTITUTE_NOT_CHOSEN when the year has no choice). */
export const coursesResponseSchema = z.object({
  year: z.number().int(),
  institute: instituteSchema,
  /** true when every required course is completed: electives are open */
  electivesOpen: z.boolean(),
  /** required courses still to finish (what the UI lists as 还需完成的必修课) */
  requiredRemaining: z.array(z.object({ id: z.number().int(), title: singleLineTextSchema })),
  courses: z.array(courseSchema),
});
export type CoursesResponse = z.infer<typeof coursesResponseSchema>;

/** GET /api/courses/:courseId: one course of the chosen institute (404 for another institute's). */
export const courseDetailSchema = courseSchema.extend({
  year: z.number().int(),
  institute: instituteSchema,
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;

// ---- Questionnaire and evaluation ----

export const questionSchema = z.object({
  id: singleLineTextSchema,
  text: singleLineTextSchema,
  type: z.enum(['single', 'text']),
  options: z.array(singleLineTextSchema).optional().describe('single 题的选项'),
  required: z.boolean(),
});
export type Question = z.infer<typeof questionSchema>;

/** GET /api/lessons/:lessonId: the player page (resume point, lock, questionnaire, evaluation). */
export const lessonDetailSchema = lessonSummarySchema.extend({
  course: z.object({
    id: z.number().int(),
    title: singleLineTextSchema,
    teacher: singleLineTextSchema,
    kind: courseKindSchema,
    ethics: z.boolean(),
  }),
  year: z.number().int(),
  /** when the year's lessons can be watched and evaluated ('YYYY-MM-DD', inclusive) and whether now is in it */
  studyWindow: z.object({
    opens: z.string(),
    closes: z.string(),
    status: z.enum(['not_open', 'open', 'closed']),
  }),
  institute: instituteSchema,
  locked: z.boolean(),
  /** the institute's short questionnaire, shown with the stars; empty when none */
  questions: z.array(questionSchema),
  evaluation: z
    .object({
      rating: z.number().int(),
      comment: multiLineTextSchema.nullable(),
      /** the questionnaire answers with the questions as they were asked */
      answers: z.array(z.object({ question: singleLineTextSchema, answer: multiLineTextSchema })),
      createdAt: singleLineTextSchema,
    })
    .nullable(),
});
export type LessonDetail = z.infer<typeof lessonDetailSchema>;

/** POST /api/lessons/:lessonId/evaluation (409 LESSON_NOT_COMPLETED, 409 ALREADY_EVALUATED). */
export const evaluationRequestSchema = z.object({
  rating: z.number().int('请选择 1-5 星').min(1, '请选择 1-5 星').max(5, '请选择 1-5 星'),
  comment: multiLineTextSchema.trim().max(500, '评价内容不能超过 500 字').optional(),
  /** questionnaire answers by question id */
  answers: z
    .record(singleLineTextSchema.max(32), multiLineTextSchema.max(500, '回答不能超过 500 字'))
    .refine((a) => Object.keys(a).length <= 30, '回答过多')
    .optional(),
});
export type EvaluationRequest = z.infer<typeof evaluationRequestSchema>;

export const evaluationResponseSchema = z.object({
  lessonId: z.number().int(),
  rating: z.number().int(),
  comment: multiLineTextSchema.nullable(),
  createdAt: singleLineTextSchema,
  creditHours: z.number(),
  /** the hours enter 学时查询 after the daily sync: 次日可查询 */
  pendingSync: z.boolean(),
});
export type EvaluationResponse = z.infer<typeof evaluationResponseSchema>;

// ---- Tracked video ----

/**
 * POST /api/lessons/:lessonId/progress: the interval just played, in seconds of the video. The player
 * sends `{ from: p, to: p }` when playback starts or resumes at p (the first report of a viewing credits
 * nothing beyond a 2 s tolerance, so this zero-length report starts the clock), then the interval played
 * every ~10 s and on pause/ended/close. It never lets the member seek beyond `furthestSeconds`, and seeks
 * back to it when the answer's `furthestSeconds` is behind the playhead (the server credited less).
 * Credit is per member: across all lessons, pages and devices, the seconds credited never exceed the
 * wall-clock time between the member's accepted reports times the playback rate, plus one small
 * tolerance. Positions are counted in whole seconds (each end of an interval rounded down).
 * One viewing (`viewing`, a random id per player page) is the member's active one: a report with
 * `claim` (playback starting) makes its viewing active, and a report of another viewing then answers
 * 409 VIEWING_DISPLACED (the page stops and offers to continue here).
 * 402 FEE_UNPAID (non-practicing, year's fee unpaid), 409 REQUIRED_COURSES_FIRST (locked elective),
 * 409 INSTITUTE_NOT_CHOSEN, 409 STUDY_WINDOW_NOT_OPEN or STUDY_WINDOW_CLOSED, 404 for an unknown lesson or another institute's
 * lesson; transient, to retry after a pause: 429 RATE_LIMITED (more than a few reports a second),
 * 409 PROGRESS_BUSY.
 */
export const progressRequestSchema = z
  .object({
    from: z.number().min(0, '播放位置不正确').max(86_400, '播放位置不正确'),
    to: z.number().min(0, '播放位置不正确').max(86_400, '播放位置不正确'),
    viewing: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '播放标识不正确')
      .optional()
      .describe('本次播放（页面）的随机标识；同一会员同一时间只有一个播放计时'),
    claim: z
      .boolean()
      .optional()
      .describe('开始或继续播放时为 true：本页成为计时的播放；省略 viewing 时视为 true'),
  })
  .refine((p) => p.to >= p.from, { message: '播放区间不正确', path: ['to'] });
export type ProgressRequest = z.infer<typeof progressRequestSchema>;

export const progressResponseSchema = z.object({
  watchedSeconds: z.number().int(),
  durationSeconds: z.number().int(),
  completed: z.boolean(),
  positionSeconds: z.number().optional(),
  furthestSeconds: z.number(),
});
export type ProgressResponse = z.infer<typeof progressResponseSchema>;

// ---- 学时查询 ----

export const hourSources = ['lesson', 'claim', 'exemption', 'training', 'adjustment', 'integration'] as const;
export const hourSourceSchema = z.enum(hourSources);
export type HourSource = z.infer<typeof hourSourceSchema>;
export const hourSourceLabels: Record<HourSource, string> = {
  lesson: '网络培训',
  claim: '产出法学时',
  exemption: '豁免学时',
  training: '面授培训',
  adjustment: '调整',
  // hours pushed by an institute's own learning platform (integration API), online study hours
  integration: '外部平台学时',
};

export const hoursEntrySchema = z.object({
  date: singleLineTextSchema.describe('入账日期 YYYY-MM-DD（北京时间）'),
  course: singleLineTextSchema.nullable(),
  lesson: singleLineTextSchema.nullable(),
  /** 必修 / 选修 for lessons; null otherwise */
  kind: courseKindSchema.nullable(),
  /** the training's title of a 面授 entry; null otherwise */
  training: singleLineTextSchema.nullable(),
  ethics: z.boolean(),
  hours: z.number(),
  source: hourSourceSchema,
});
export type HoursEntry = z.infer<typeof hoursEntrySchema>;

export const hoursResponseSchema = z.object({
  year: z.number().int(),
  /** the published rule version (per year) the decision used */
  ruleVersion: z.number().int(),
  requirement: z.object({ total: z.number(), ethics: z.number(), faceToFace: z.number().optional() }),
  credited: z.object({
    total: z.number(),
    online: z.number(),
    onlineRequired: z.number(),
    onlineElective: z.number(),
    onlineStudied: z.number(),
    faceToFace: z.number(),
    output: z.number(),
    ethics: z.number(),
  }),
  compliant: z.boolean(),
  shortfall: z.object({ total: z.number(), ethics: z.number(), faceToFace: z.number().optional() }),
  reasons: z.array(singleLineTextSchema),
  /** sum of the ledger entries of the year (INV-4: equals the sum of `entries`) */
  recordedHours: z.number(),
  /** evaluated lessons not yet through the daily sync: 次日可查询 */
  pendingHours: z.number(),
  /** completed lessons still waiting for an evaluation: they give no hours until evaluated */
  unevaluatedLessons: z.array(
    z.object({
      lessonId: z.number().int(),
      course: singleLineTextSchema,
      lesson: singleLineTextSchema,
      creditHours: z.number(),
    }),
  ),
  entries: z.array(hoursEntrySchema),
  institute: z.object({ name: singleLineTextSchema, hotline: singleLineTextSchema }).nullable(),
});
export type HoursResponse = z.infer<typeof hoursResponseSchema>;

// ---- Fee (non-practicing members) ----

/** GET /api/me/fee?year=YYYY. `required` is false for practicing members (no fee before learning). */
export const feeStatusSchema = z.object({
  year: z.number().int(),
  required: z.boolean(),
  paid: z.boolean(),
  amountFen: z.number().int(),
});
export type FeeStatus = z.infer<typeof feeStatusSchema>;
