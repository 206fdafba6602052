import { z } from 'zod';
import { courseKindSchema, questionSchema } from './learning.ts';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

/**
 * The institute admins' course console (课程管理), their learner statistics, 培训通知 and face-to-face
 * (面授) training. Hours are decimal 学时 with at most two decimals; dates are YYYY-MM-DD (Asia/Shanghai).
 */

/** Decimal 学时, at most two decimals (the server keeps integer hundredths). */
export const hoursSchema = z
  .number()
  .positive('学时须大于 0')
  .max(1000, '学时过大')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '学时最多两位小数');

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    '日期不存在',
  );

const yearSchema = z.number().int('年份格式不正确').min(2000, '年份格式不正确').max(2100, '年份格式不正确');

// ---- Course console ----

export const courseStatuses = ['draft', 'published', 'retired'] as const;
export const courseStatusSchema = z.enum(courseStatuses);
export type CourseStatus = z.infer<typeof courseStatusSchema>;
export const courseStatusLabels: Record<CourseStatus, string> = {
  draft: '未发布',
  published: '已发布',
  retired: '已下架',
};

export const courseInputSchema = z.object({
  year: yearSchema,
  title: singleLineTextSchema.min(1, '请填写课程名称').max(200),
  teacher: singleLineTextSchema.min(1, '请填写授课教师').max(100),
  kind: courseKindSchema,
  ethics: z.boolean(),
  description: multiLineTextSchema.max(5000),
  order: z.number().int().min(0).max(100_000).optional(),
});
export type CourseInput = z.infer<typeof courseInputSchema>;

export const coursePatchSchema = courseInputSchema.omit({ year: true }).partial();
export type CoursePatch = z.infer<typeof coursePatchSchema>;

export const adminLessonSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  creditHours: z.number(),
  order: z.number().int(),
  durationSeconds: z.number().int().nullable(),
  hasVideo: z.boolean(),
});
export type AdminLesson = z.infer<typeof adminLessonSchema>;

export const adminCourseSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  teacher: z.string(),
  kind: courseKindSchema,
  ethics: z.boolean(),
  description: z.string(),
  order: z.number().int(),
  status: courseStatusSchema,
  /** members have started one of its lessons: lessons and credit are frozen */
  started: z.boolean(),
  lessons: z.array(adminLessonSchema),
});
export type AdminCourse = z.infer<typeof adminCourseSchema>;

export const lessonInputSchema = z.object({
  title: singleLineTextSchema.min(1, '请填写课节名称').max(200),
  creditHours: hoursSchema,
  order: z.number().int().min(0).max(100_000).optional(),
});
export type LessonInput = z.infer<typeof lessonInputSchema>;
export const lessonPatchSchema = lessonInputSchema.partial();

export const copyYearSchema = z.object({ fromYear: yearSchema, toYear: yearSchema });
export const copyYearResponseSchema = z.object({
  courses: z.number().int(),
  lessons: z.number().int(),
  /** whether the questionnaire was copied (only into a year that has none) */
  questionnaire: z.boolean(),
});
export type CopyYearResponse = z.infer<typeof copyYearResponseSchema>;

/** How much of a lesson video's upload the server holds (resume from `receivedBytes`). */
export const uploadStatusSchema = z.object({
  receivedBytes: z.number().int(),
  totalBytes: z.number().int().nullable(),
  complete: z.boolean(),
  durationSeconds: z.number().int().nullable(),
});
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

/** PUT /api/institute/questionnaire?year=: the questions of one catalogue year. */
export const questionnaireInputSchema = z.object({
  questions: z.array(questionSchema).max(20, '问卷最多 20 题'),
});
/** GET /api/institute/questionnaire?year=: the year's questions; empty when the year has none. */
export const questionnaireSchema = questionnaireInputSchema.extend({ year: z.number().int() });
export type Questionnaire = z.infer<typeof questionnaireSchema>;

// ---- Learner statistics ----

export const statsCountSchema = z.object({
  started: z.number().int(),
  completed: z.number().int(),
  evaluated: z.number().int(),
});

export const lessonStatsSchema = statsCountSchema.extend({
  lessonId: z.number().int(),
  title: z.string(),
  averageRating: z.number().nullable(),
  ratings: z.array(z.number().int()).length(5).describe('1 星到 5 星的人数'),
});

export const courseStatsSchema = statsCountSchema.extend({
  courseId: z.number().int(),
  title: z.string(),
  averageRating: z.number().nullable(),
  ratings: z.array(z.number().int()).length(5),
  lessons: z.array(lessonStatsSchema),
});

export const learnerStatsSchema = z.object({
  year: z.number().int(),
  courses: z.array(courseStatsSchema),
  byProvince: z.array(statsCountSchema.extend({ province: z.string() })),
  byMemberType: z.array(statsCountSchema.extend({ memberType: z.string() })),
  completionsPerDay: z.array(z.object({ day: z.string(), completed: z.number().int() })),
  comments: z.array(
    z.object({
      lessonTitle: z.string(),
      member: z.string(),
      rating: z.number().int(),
      comment: z.string(),
      at: z.string(),
    }),
  ),
  /** questionnaire answers by question as it was asked; options counted for single-choice questions */
  answers: z.array(
    z.object({
      question: z.string(),
      type: z.enum(['single', 'text']),
      answered: z.number().int(),
      options: z.array(z.object({ option: z.string(), count: z.number().int() })),
    }),
  ),
});
export type LearnerStats = z.infer<typeof learnerStatsSchema>;

// ---- 培训通知 and 面授 ----

export const memberTypeListSchema = z
  .array(z.enum(['practicing', 'non_practicing']))
  .min(1, '请选择适用的会员类型')
  .max(2);

export const trainingInputSchema = z
  .object({
    title: singleLineTextSchema.min(1, '请填写标题').max(200),
    body: multiLineTextSchema.min(1, '请填写通知内容').max(20_000),
    place: singleLineTextSchema.min(1, '请填写培训地点').max(200),
    startsOn: dateSchema,
    endsOn: dateSchema,
    signupDeadline: dateSchema,
    hours: hoursSchema,
    ethics: z.boolean(),
    capacity: z.number().int().min(1, '名额须大于 0').max(100_000),
    memberTypes: memberTypeListSchema,
  })
  .refine((t) => t.endsOn >= t.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] })
  .refine((t) => t.signupDeadline <= t.endsOn, {
    message: '报名截止日期不能晚于培训结束日期',
    path: ['signupDeadline'],
  });
export type TrainingInput = z.infer<typeof trainingInputSchema>;

export const trainingSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  place: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  signupDeadline: z.string(),
  hours: z.number(),
  ethics: z.boolean(),
  capacity: z.number().int(),
  memberTypes: z.array(z.string()),
  province: z.string().nullable().describe('地方注协；空为全国'),
  signedUp: z.number().int().describe('已报名人数'),
});
export type Training = z.infer<typeof trainingSchema>;

export const memberTrainingSchema = trainingSchema.extend({
  read: z.boolean(),
  mySignup: z.boolean(),
  attended: z.boolean(),
  signupOpen: z.boolean(),
});
export type MemberTraining = z.infer<typeof memberTrainingSchema>;

export const staffTrainingSchema = trainingSchema.extend({ attended: z.number().int() });
export type StaffTraining = z.infer<typeof staffTrainingSchema>;

export const trainingSignupRowSchema = z.object({
  username: z.string(),
  name: z.string(),
  signedUpAt: z.string(),
  attended: z.boolean(),
});

export const attendanceManualSchema = z.object({
  usernames: z.array(singleLineTextSchema.min(1).max(40)).min(1).max(5000),
});

export const rosterRowErrorSchema = z.object({ row: z.number().int(), message: z.string() });
export const attendanceResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  errors: z.array(rosterRowErrorSchema),
  recorded: z.number().int().describe('新记录的出勤人数（已记录的不重复计入）'),
});
export type AttendanceResult = z.infer<typeof attendanceResultSchema>;
