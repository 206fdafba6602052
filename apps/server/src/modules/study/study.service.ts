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
import { findQuestionnaire } from '../catalogue-admin/catalogue-admin.repository.ts';
import type { FeeService } from '../fee/fee.service.ts';
import { findInstitute } from '../institute/institute.repository.ts';
import {
  groupCommitter,
  lessonContext,
  lessonInfo,
  type ProgressWrite,
  pooled,
  progressContext,
  type Run,
  type SessionLessonState,
  saveReport,
  sessionLessonState,
  withLockedClock,
} from './progress.repository.ts';
import { emptyState, type MergeParams, type MergeState, mergeReport } from './progress-merge.ts';
import { answered, assertEvaluable, assertUnlocked, assertVisible, checkAnswers } from './study.policy.ts';
import { insertEvaluation, type LessonContext, type LessonInfo } from './study.repository.ts';
import { studyWindows } from './study.window.ts';
import { admit, type BudgetParams, settle } from './watch-budget.ts';

export type StudyService = ReturnType<typeof studyService>;

const hours = (hundredths: number) => hundredths / 100;
const seconds = (ms: number) => ms / 1000;
// A report that collided with another of the same member is retried, after the first time holding the
// member's clock row, so collisions end quickly; a deadlock or serialization failure is retried too.
const MAX_ATTEMPTS = 4;
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01']);
const isTransient = (e: unknown) => {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  return TRANSIENT_SQLSTATES.has(String(err?.code ?? err?.cause?.code ?? ''));
};
// Catalogue facts of a lesson are cached this long: heartbeats then read only the member's own rows.
const LESSON_CACHE_MS = 60_000;
const questionsSchema = z.array(questionSchema);
// Up to 64 reports per statement, up to 2 statements at once: fewer at once make larger groups (on the
// bench data, 2 answered 1,132-1,216 reports/s from 10 connections where 4 answered 917-1,065), and a
// second one keeps reports moving while one waits for a member's locked clock row.
const GROUP_COMMIT = { maxBatch: 64, inFlight: 2 };

export const videoUrl = (lessonId: number) => `/api/lessons/${lessonId}/video`;

function stateOf(ctx: LessonContext): MergeState {
  const p = ctx.progress;
  if (!p) return emptyState();
  return {
    intervals: p.intervals,
    furthestMs: Math.round(p.furthestSeconds * 1000),
    positionMs: Math.round(p.positionSeconds * 1000),
  };
}

export function studyService(deps: Deps, fees: FeeService) {
  const { db, clock, config } = deps;
  const toleranceMs = Math.round(config.PROGRESS_TOLERANCE_SECONDS * 1000);
  const mergeParams = (durationSeconds: number): MergeParams => ({
    durationMs: durationSeconds * 1000,
    toleranceMs,
    completionShare: config.COMPLETION_SHARE,
    roundingMs: config.COMPLETION_ROUNDING_SECONDS * 1000,
  });
  const budgetParams: BudgetParams = {
    rate: config.PLAYBACK_RATE,
    toleranceMs,
    maxGapMs: config.PROGRESS_MAX_GAP_SECONDS * 1000,
    reportsPerSecond: config.PROGRESS_REPORTS_PER_SECOND,
  };

  const windows = studyWindows(deps);
  // Reports are written in group commits and each answered after its commit (progress.repository.ts).
  const groupSave = groupCommitter(deps.database, GROUP_COMMIT);
  const lessonCache = new Map<number, { at: number; info: LessonInfo }>();
  async function cachedLessonInfo(lessonId: number): Promise<LessonInfo | undefined> {
    const now = clock.now().getTime();
    const hit = lessonCache.get(lessonId);
    if (hit && Math.abs(now - hit.at) < LESSON_CACHE_MS) return hit.info;
    const info = await lessonInfo(deps.database, lessonId);
    if (info) lessonCache.set(lessonId, { at: now, info });
    return info;
  }

  /**
   * A lesson the member may study now: visible, its year's study window open, fee paid, not locked.
   * `known` is the member's state when it was read already (with the session).
   */
  async function studyable(
    run: Run,
    member: MemberPrincipal,
    info: LessonInfo | undefined,
    known?: LessonContext,
  ) {
    const ctx = info && (known ?? (await progressContext(run, member.id, info)));
    assertVisible(ctx);
    await windows.assertOpen(member, ctx.year);
    await fees.assertPaid(member, ctx.year, ctx.paid);
    assertUnlocked(ctx);
    return ctx;
  }

  /**
   * One try at a report on the state `run` reads: the member's clock admits it (or refuses it:
   * displaced, rate limited), the lesson's merge spends the budget, one statement writes both.
   * Null when another report of the member wrote in between.
   */
  async function tryReport(
    save: (w: ProgressWrite) => Promise<boolean>,
    member: MemberPrincipal,
    ctx: LessonContext,
    report: ProgressRequest,
  ): Promise<ProgressResponse | null> {
    const now = clock.now();
    const admission = admit(
      ctx.watchClock,
      {
        viewingId: report.viewing ?? null,
        claim: report.claim ?? report.viewing === undefined,
        at: now.getTime(),
      },
      budgetParams,
    );
    if (admission.kind === 'displaced') {
      throw new AppError('VIEWING_DISPLACED', '您正在其他页面或设备上学习，本页已暂停计时');
    }
    if (admission.kind === 'rate_limited') {
      throw new AppError('RATE_LIMITED', '学习进度上报过于频繁，请稍后再试');
    }
    const result = mergeReport(
      stateOf(ctx),
      { fromMs: report.from * 1000, toMs: report.to * 1000 },
      admission.budgetMs,
      mergeParams(ctx.durationSeconds),
    );
    const s = result.state;
    const completedAt = ctx.progress?.completedAt ?? (result.completed ? now : null);
    const watchedSeconds = Math.min(ctx.durationSeconds, Math.round(seconds(result.coverageMs)));
    const saved = await save({
      memberId: member.id,
      lessonId: ctx.lessonId,
      intervals: s.intervals,
      watchedSeconds,
      furthestSeconds: seconds(s.furthestMs),
      positionSeconds: seconds(s.positionMs),
      reportedAt: now,
      completedAt,
      clock: settle(admission.clock, result.creditedMs, budgetParams),
      clockVersion: ctx.watchClock.version,
    });
    if (!saved) return null;
    return {
      watchedSeconds,
      durationSeconds: ctx.durationSeconds,
      completed: completedAt !== null,
      positionSeconds: seconds(s.positionMs),
      furthestSeconds: seconds(s.furthestMs),
    };
  }

  return {
    /**
     * The hot path: one read of the member's rows (the lesson's catalogue facts are cached) and one
     * write statement, both prepared. When another report of the member (another tab, lesson or
     * device) wrote in between, the write matches nothing and the report is tried again on fresh
     * state, then holding the member's clock row: no wall-clock time is credited twice.
     */
    async progress(
      member: MemberPrincipal,
      lessonId: number,
      report: ProgressRequest,
      read?: unknown,
    ): Promise<ProgressResponse> {
      const info = await cachedLessonInfo(lessonId);
      const known = read as SessionLessonState | null | undefined;
      const ctx = await studyable(
        pooled(deps.database),
        member,
        info,
        known?.memberId === member.id && known.context.lessonId === info?.lessonId
          ? known.context
          : undefined,
      );
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          const result =
            attempt === 0
              ? await tryReport(groupSave, member, ctx, report)
              : await withLockedClock(deps.database, member.id, async (run) =>
                  tryReport(
                    (w) => saveReport(run, w),
                    member,
                    await progressContext(run, member.id, ctx),
                    report,
                  ),
                );
          if (result) return result;
        } catch (e) {
          if (!isTransient(e)) throw e;
        }
      }
      throw new AppError('PROGRESS_BUSY', '学习进度正在其他页面同时更新，请稍后重试');
    },

    /**
     * The progress route's session read (access.ts `sessionWith`): the session and the member's state
     * for the lesson in one statement, so a report reads once before its write. Null (the session is
     * read alone) for a lesson that is not visible.
     */
    async readWithSession(tokenHash: string, lessonId: number) {
      const info = Number.isSafeInteger(lessonId) ? await cachedLessonInfo(lessonId) : undefined;
      if (!info) return null;
      const { session, state } = await sessionLessonState(deps.database, tokenHash, info);
      return { session, data: state };
    },

    /**
     * The file of a lesson's video, for a member who may study the lesson now (checked on every
     * request, range requests included).
     */
    async video(member: MemberPrincipal, lessonId: number): Promise<string> {
      const ctx = await studyable(pooled(deps.database), member, await cachedLessonInfo(lessonId));
      return ctx.videoFile;
    },

    async lesson(member: MemberPrincipal, lessonId: number): Promise<LessonDetail> {
      const ctx = await lessonContext(deps.database, member.id, lessonId);
      assertVisible(ctx);
      const [institute, questions, window] = await Promise.all([
        findInstitute(db, ctx.instituteId),
        findQuestionnaire(db, ctx.instituteId, ctx.year),
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
        videoUrl: videoUrl(ctx.lessonId),
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
          answers: answered(questionsSchema.parse(ctx.evaluation.questions), ctx.evaluation.answers),
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
      // the questionnaire of the lesson's catalogue year, kept with the answers
      const questions = questionsSchema.parse(await findQuestionnaire(db, ctx.instituteId, ctx.year));
      checkAnswers(questions, req.answers);
      const createdAt = clock.now();
      const comment = req.comment ? req.comment : null;
      const inserted = await insertEvaluation(db, {
        memberId: member.id,
        lessonId,
        rating: req.rating,
        comment,
        answers: req.answers ?? null,
        questions: questions.length > 0 ? questions : null,
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
