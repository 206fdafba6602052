import {
  type EvaluationRequest,
  type EvaluationResponse,
  type LessonDetail,
  type ProgressRequest,
  type ProgressResponse,
  questionSchema,
} from '@cpe/shared';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { MemberPrincipal } from '../auth/principal.ts';
import type { FeeService } from '../fee/fee.service.ts';
import { findInstitute } from '../institute/institute.repository.ts';
import { lessonContext, lessonInfo, progressContext, saveProgress } from './progress.repository.ts';
import { emptyState, type MergeParams, type MergeState, mergeReport } from './progress-merge.ts';
import { assertEvaluable, assertStudyable, assertVisible, checkAnswers } from './study.policy.ts';
import { findQuestions, insertEvaluation, type LessonContext, type LessonInfo } from './study.repository.ts';
import { studyWindows } from './study.window.ts';

export type StudyService = ReturnType<typeof studyService>;

const hours = (hundredths: number) => hundredths / 100;
const seconds = (ms: number) => ms / 1000;
const MAX_ATTEMPTS = 5;
// Catalogue facts of a lesson are cached this long: heartbeats then read only the member's own rows.
const LESSON_CACHE_MS = 60_000;
const questionsSchema = z.array(questionSchema);

export const videoUrl = (file: string) => `/api/videos/${encodeURIComponent(file)}`;

function stateOf(ctx: LessonContext): MergeState {
  const p = ctx.progress;
  if (!p) return emptyState();
  return {
    intervals: p.intervals,
    furthestMs: Math.round(p.furthestSeconds * 1000),
    positionMs: Math.round(p.positionSeconds * 1000),
    slackMs: Math.round(p.slackSeconds * 1000),
    lastReportAt: p.lastReportAt?.getTime() ?? null,
  };
}

export function studyService(deps: Deps, fees: FeeService) {
  const { db, clock, config } = deps;
  const mergeParams = (durationSeconds: number): MergeParams => ({
    durationMs: durationSeconds * 1000,
    rate: config.PLAYBACK_RATE,
    toleranceMs: config.PROGRESS_TOLERANCE_SECONDS * 1000,
    maxGapMs: config.PROGRESS_MAX_GAP_SECONDS * 1000,
    completionShare: config.COMPLETION_SHARE,
    roundingMs: config.COMPLETION_ROUNDING_SECONDS * 1000,
  });

  const windows = studyWindows(deps);
  const lessonCache = new Map<number, { at: number; info: LessonInfo }>();
  async function cachedLessonInfo(lessonId: number): Promise<LessonInfo | undefined> {
    const now = clock.now().getTime();
    const hit = lessonCache.get(lessonId);
    if (hit && Math.abs(now - hit.at) < LESSON_CACHE_MS) return hit.info;
    const info = await lessonInfo(deps.database, lessonId);
    if (info) lessonCache.set(lessonId, { at: now, info });
    return info;
  }

  return {
    /**
     * The hot path: one read of the member's rows (the lesson's catalogue facts are cached) and one
     * conditional upsert, both prepared statements. When another
     * tab wrote in between, the upsert matches nothing and the report is merged again on fresh state,
     * so two tabs never credit the same wall-clock time twice.
     */
    async progress(
      member: MemberPrincipal,
      lessonId: number,
      report: ProgressRequest,
    ): Promise<ProgressResponse> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const info = await cachedLessonInfo(lessonId);
        const ctx = info && (await progressContext(deps.database, member.id, info));
        assertVisible(ctx);
        await windows.assertOpen(member, ctx.year);
        const now = clock.now();
        await fees.assertPaid(member, ctx.year, ctx.paid);
        assertStudyable(ctx);
        const result = mergeReport(
          stateOf(ctx),
          { fromMs: report.from * 1000, toMs: report.to * 1000, at: now.getTime() },
          mergeParams(ctx.durationSeconds),
        );
        const s = result.state;
        const completedAt = ctx.progress?.completedAt ?? (result.completed ? now : null);
        const watchedSeconds = Math.min(ctx.durationSeconds, Math.round(seconds(result.coverageMs)));
        const saved = await saveProgress(
          deps.database,
          {
            memberId: member.id,
            lessonId,
            intervals: s.intervals,
            watchedSeconds,
            furthestSeconds: seconds(s.furthestMs),
            positionSeconds: seconds(s.positionMs),
            slackSeconds: seconds(s.slackMs),
            lastReportAt: new Date(s.lastReportAt ?? now.getTime()),
            completedAt,
          },
          ctx.progress?.version ?? 0,
        );
        if (saved) {
          return {
            watchedSeconds,
            durationSeconds: ctx.durationSeconds,
            completed: completedAt !== null,
            positionSeconds: seconds(s.positionMs),
            furthestSeconds: seconds(s.furthestMs),
          };
        }
      }
      throw new AppError('CONFLICT', '学习进度正在其他页面同时更新，请稍后重试');
    },

    async lesson(member: MemberPrincipal, lessonId: number): Promise<LessonDetail> {
      const ctx = await lessonContext(deps.database, member.id, lessonId);
      assertVisible(ctx);
      const [institute, questions, window] = await Promise.all([
        findInstitute(db, ctx.instituteId),
        findQuestions(db, ctx.instituteId),
        windows.state(member, ctx.year),
      ]);
      const p = ctx.progress;
      return {
        id: ctx.lessonId,
        title: ctx.title,
        durationSeconds: ctx.durationSeconds,
        creditHours: hours(ctx.creditHundredths),
        completed: !!p?.completedAt,
        evaluated: !!ctx.evaluation,
        watchedSeconds: p?.watchedSeconds ?? 0,
        positionSeconds: p?.positionSeconds ?? 0,
        furthestSeconds: p?.furthestSeconds ?? 0,
        videoUrl: videoUrl(ctx.videoFile),
        course: {
          id: ctx.courseId,
          title: ctx.courseTitle,
          teacher: ctx.teacher,
          kind: ctx.kind,
          ethics: ctx.ethics,
        },
        year: ctx.year,
        studyWindow: { ...window.window, status: window.status },
        institute: institute!,
        locked: ctx.locked,
        questions: questionsSchema.parse(questions),
        evaluation: ctx.evaluation && {
          rating: ctx.evaluation.rating,
          comment: ctx.evaluation.comment,
          createdAt: ctx.evaluation.createdAt.toISOString(),
        },
      };
    },

    async evaluate(
      member: MemberPrincipal,
      lessonId: number,
      req: EvaluationRequest,
    ): Promise<EvaluationResponse> {
      const ctx = await lessonContext(deps.database, member.id, lessonId);
      assertVisible(ctx);
      await windows.assertOpen(member, ctx.year);
      assertEvaluable(ctx);
      checkAnswers(questionsSchema.parse(await findQuestions(db, ctx.instituteId)), req.answers);
      const createdAt = clock.now();
      const comment = req.comment ? req.comment : null;
      const inserted = await insertEvaluation(db, {
        memberId: member.id,
        lessonId,
        rating: req.rating,
        comment,
        answers: req.answers ?? null,
        createdAt,
      });
      if (!inserted) throw new AppError('ALREADY_EVALUATED', '本课节已评价，不能重复评价');
      return {
        lessonId,
        rating: req.rating,
        comment,
        createdAt: createdAt.toISOString(),
        creditHours: hours(ctx.creditHundredths),
        pendingSync: true,
      };
    },
  };
}
