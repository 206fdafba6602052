import { z } from 'zod';
import { yearSchema } from './params.ts';
import { singleLineTextSchema } from './text.ts';

/**
 * 学习计划 (GET /api/me/plan?year=YYYY): the shortest way through the year's lessons of the chosen
 * institute, what video cannot do, and the forecast from the member's pace. Hours are decimal 学时
 * (at most two decimals); minutes are wall-clock minutes of watching, to one decimal.
 */

export const planLessonSchema = z.object({
  lessonId: z.number().int(),
  courseId: z.number().int(),
  course: singleLineTextSchema,
  lesson: singleLineTextSchema,
  kind: z.enum(['required', 'elective']),
  ethics: z.boolean(),
  hours: z.number(),
  minutes: z.number(),
  /** completed but not yet evaluated: 评价 is all it needs */
  evaluateOnly: z.boolean(),
});
export type PlanLesson = z.infer<typeof planLessonSchema>;

export const planUnmetSchema = z.object({
  kind: z.enum(['online_cap', 'catalogue', 'ethics', 'face_to_face']),
  what: singleLineTextSchema,
  hours: z.number(),
  options: z.array(singleLineTextSchema),
});
export type PlanUnmet = z.infer<typeof planUnmetSchema>;

export const planForecastSchema = z.object({
  /** minutes watched per week since the first lesson of the year; null before any activity */
  paceMinutesPerWeek: z.number().nullable(),
  /** YYYY-MM-DD (Beijing time) the plan would be finished at that pace */
  finishOn: singleLineTextSchema.nullable(),
  /** the last day of the year's study window */
  closesOn: singleLineTextSchema,
  onTrack: z.boolean().nullable(),
  neededMinutesPerWeek: z.number().nullable(),
  /** a plain warning when the pace will not finish the plan in time */
  warning: singleLineTextSchema.nullable(),
});
export type PlanForecast = z.infer<typeof planForecastSchema>;

export const planResponseSchema = z.object({
  year: z.number().int(),
  /** the chosen institute; null when none is chosen yet (the plan then has no lessons) */
  institute: z.object({ id: z.number().int(), name: singleLineTextSchema }).nullable(),
  /** a non-practicing member whose year's fee is unpaid starts with 交费 */
  payFirst: z.boolean(),
  /** what video should still bring before the plan */
  target: z.object({ hours: z.number(), ethics: z.number() }),
  lessons: z.array(planLessonSchema),
  totalMinutes: z.number(),
  totalHours: z.number(),
  /** of the total, what counts toward the year (held to the online cap and the shortfall) */
  countedHours: z.number(),
  ethicsHours: z.number(),
  unmet: z.array(planUnmetSchema),
  /** after the plan nothing is left open */
  closes: z.boolean(),
  forecast: planForecastSchema,
});
export type PlanResponse = z.infer<typeof planResponseSchema>;

/** GET /api/admin/plan-forecasts?year=YYYY: the nightly forecasts counted by province. */
export const planForecastProvinceSchema = z.object({
  province: singleLineTextSchema,
  provinceName: singleLineTextSchema,
  members: z.number().int(),
  fallsShort: z.number().int(),
  behindPace: z.number().int(),
  videoCannotClose: z.number().int(),
});
export const planForecastSummarySchema = z.object({
  year: z.number().int(),
  /** when the nightly job last computed the year; null before its first run */
  computedAt: singleLineTextSchema.nullable(),
  provinces: z.array(planForecastProvinceSchema),
});
export type PlanForecastSummary = z.infer<typeof planForecastSummarySchema>;

export const planForecastExportQuerySchema = z.object({
  year: yearSchema,
  province: singleLineTextSchema.regex(/^\d{2}$/, '地方注协代码格式不正确').optional(),
});
