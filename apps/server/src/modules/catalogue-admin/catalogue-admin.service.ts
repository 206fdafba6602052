import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AdminCourse, CourseInput, CoursePatch, LessonInput, Question, UploadStatus } from '@cpe/shared';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { TooLargeError } from '../../storage/local-storage.ts';
import type { Storage } from '../../storage/storage.ts';
import { looksLikeMp4, mp4Problem, probeDurationSeconds } from '../../storage/video-check.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import {
  type AdminCourseRow,
  type AdminLessonRow,
  copyCatalogue,
  copyQuestionnaire,
  deleteLesson,
  findCourse,
  findLesson,
  findQuestionnaire,
  insertCourse,
  insertLesson,
  institutesCourses,
  lessonsOfCourses,
  saveQuestionnaire,
  setLessonVideo,
  updateCourse,
  updateLesson,
  videoFileInUse,
} from './catalogue-admin.repository.ts';

export type CatalogueAdminService = ReturnType<typeof catalogueAdminService>;

/** A lesson video kept in storage is named `storage:<key>` in lessons.video_file; demo clips are plain names. */
export const STORED_PREFIX = 'storage:';
const hundredths = (hours: number) => Math.round(hours * 100);
const partKey = (lessonId: number, total: number) => `uploads/lesson-${lessonId}-${total}.part`;

const inUse = () =>
  new AppError(
    'COURSE_IN_USE',
    '已有会员开始学习该课程，不能增删课节、更改学时、视频、类别或职业道德标记；如需调整请在新年度复制课程后修改',
  );

export interface ChunkRange {
  start: number;
  end: number;
  total: number;
}

function toAdminCourse(c: AdminCourseRow, lessons: AdminLessonRow[]): AdminCourse {
  return {
    ...c,
    lessons: lessons
      .filter((l) => l.courseId === c.id)
      .map((l) => ({
        id: l.id,
        title: l.title,
        creditHours: l.creditHundredths / 100,
        order: l.order,
        durationSeconds: l.durationSeconds,
        hasVideo: l.videoFile !== null,
      })),
  };
}

/** The institute admin's own institute: every query below is scoped by it. */
function instituteOf(staff: StaffPrincipal): number {
  if (staff.role !== 'institute_admin' || staff.instituteId === null) {
    throw new AppError('FORBIDDEN', '仅国家会计学院管理员可管理课程');
  }
  return staff.instituteId;
}

export function catalogueAdminService(deps: Deps, storage: Storage) {
  const { db, clock } = deps;
  const maxBytes = deps.config.VIDEO_MAX_MB * 1024 * 1024;
  // Parts of one upload are written one at a time (per process); a second writer is told to retry.
  const writing = new Set<string>();

  async function courseView(instituteId: number, courseId: number): Promise<AdminCourse> {
    const course = await findCourse(db, instituteId, courseId);
    if (!course) throw notFound('课程');
    return toAdminCourse(course, await lessonsOfCourses(db, [course.id]));
  }

  const audit = (staff: StaffPrincipal, action: string, target: string, detail?: Record<string, unknown>) =>
    recordAudit(db, {
      at: clock.now(),
      actorType: 'staff',
      actorId: staff.id,
      actorName: staff.username,
      action,
      target,
      result: 'success',
      detail,
    });

  return {
    async list(staff: StaffPrincipal, year: number): Promise<AdminCourse[]> {
      const instituteId = instituteOf(staff);
      const courses = await institutesCourses(db, instituteId, year);
      const lessons = await lessonsOfCourses(
        db,
        courses.map((c) => c.id),
      );
      return courses.map((c) => toAdminCourse(c, lessons));
    },

    async create(staff: StaffPrincipal, input: CourseInput): Promise<AdminCourse> {
      const instituteId = instituteOf(staff);
      const id = await db.transaction(async (tx) => {
        const courseId = await insertCourse(tx, {
          instituteId,
          year: input.year,
          code: `c-${randomUUID().slice(0, 12)}`,
          title: input.title,
          teacher: input.teacher,
          kind: input.kind,
          ethics: input.ethics,
          description: input.description,
          order: input.order,
        });
        return courseId;
      });
      await audit(staff, 'course.create', `course:${id}`, { year: input.year });
      return courseView(instituteId, id);
    },

    async update(staff: StaffPrincipal, courseId: number, patch: CoursePatch): Promise<AdminCourse> {
      const instituteId = instituteOf(staff);
      await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, courseId, true);
        if (!course) throw notFound('课程');
        const changesHours =
          (patch.kind !== undefined && patch.kind !== course.kind) ||
          (patch.ethics !== undefined && patch.ethics !== course.ethics);
        if (course.started && changesHours) throw inUse();
        await updateCourse(tx, courseId, patch);
      });
      await audit(staff, 'course.update', `course:${courseId}`);
      return courseView(instituteId, courseId);
    },

    async setStatus(staff: StaffPrincipal, courseId: number, status: 'published' | 'retired') {
      const instituteId = instituteOf(staff);
      await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, courseId, true);
        if (!course) throw notFound('课程');
        if (status === 'published') {
          const lessons = await lessonsOfCourses(tx, [courseId]);
          if (lessons.length === 0) throw new AppError('COURSE_NOT_READY', '课程至少需要一个课节才能发布');
          const missing = lessons.find((l) => l.videoFile === null);
          if (missing) throw new AppError('COURSE_NOT_READY', `课节“${missing.title}”尚未上传视频，不能发布`);
        }
        await updateCourse(tx, courseId, { status });
      });
      await audit(staff, status === 'published' ? 'course.publish' : 'course.retire', `course:${courseId}`);
      return courseView(instituteId, courseId);
    },

    async addLesson(staff: StaffPrincipal, courseId: number, input: LessonInput): Promise<AdminCourse> {
      const instituteId = instituteOf(staff);
      await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, courseId, true);
        if (!course) throw notFound('课程');
        if (course.started) throw inUse();
        await insertLesson(tx, {
          courseId,
          title: input.title,
          creditHundredths: hundredths(input.creditHours),
          order: input.order,
        });
      });
      await audit(staff, 'lesson.create', `course:${courseId}`);
      return courseView(instituteId, courseId);
    },

    async updateLesson(staff: StaffPrincipal, lessonId: number, input: Partial<LessonInput>) {
      const instituteId = instituteOf(staff);
      const lesson = await findLesson(db, instituteId, lessonId);
      if (!lesson) throw notFound('课节');
      await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, lesson.courseId, true);
        if (!course) throw notFound('课程');
        const credit = input.creditHours === undefined ? undefined : hundredths(input.creditHours);
        if (course.started && credit !== undefined && credit !== lesson.creditHundredths) throw inUse();
        await updateLesson(tx, lessonId, {
          title: input.title,
          creditHundredths: credit,
          order: input.order,
        });
      });
      await audit(staff, 'lesson.update', `lesson:${lessonId}`);
      return courseView(instituteId, lesson.courseId);
    },

    async removeLesson(staff: StaffPrincipal, lessonId: number) {
      const instituteId = instituteOf(staff);
      const lesson = await findLesson(db, instituteId, lessonId);
      if (!lesson) throw notFound('课节');
      await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, lesson.courseId, true);
        if (!course) throw notFound('课程');
        if (course.started) throw inUse();
        await deleteLesson(tx, lessonId);
      });
      await audit(staff, 'lesson.delete', `lesson:${lessonId}`);
      return courseView(instituteId, lesson.courseId);
    },

    async copyYear(staff: StaffPrincipal, fromYear: number, toYear: number) {
      const instituteId = instituteOf(staff);
      if (fromYear === toYear) throw new AppError('BAD_REQUEST', '目标年度不能与来源年度相同');
      // The questionnaire comes along only into a year that has none: an edited one is never replaced.
      const result = await db.transaction(async (tx) => ({
        ...(await copyCatalogue(tx, instituteId, fromYear, toYear)),
        questionnaire: await copyQuestionnaire(tx, instituteId, fromYear, toYear),
      }));
      await audit(staff, 'course.copy_year', `institute:${instituteId}`, { fromYear, toYear, ...result });
      return result;
    },

    async questionnaire(staff: StaffPrincipal, year: number) {
      return { year, questions: (await findQuestionnaire(db, instituteOf(staff), year)) as Question[] };
    },

    async saveQuestionnaire(staff: StaffPrincipal, year: number, questions: Question[]) {
      const instituteId = instituteOf(staff);
      const ids = new Set<string>();
      for (const q of questions) {
        if (ids.has(q.id)) throw new AppError('VALIDATION_FAILED', `题目编号重复：${q.id}`);
        ids.add(q.id);
        if (q.type === 'single' && (q.options ?? []).length < 2) {
          throw new AppError('VALIDATION_FAILED', `单选题“${q.text}”至少需要两个选项`);
        }
      }
      const cleaned = questions.map((q) => (q.type === 'text' ? { ...q, options: undefined } : q));
      await db.transaction((tx) => saveQuestionnaire(tx, instituteId, year, cleaned));
      await audit(staff, 'questionnaire.save', `institute:${instituteId}`, {
        year,
        questions: questions.length,
      });
      return { year, questions: cleaned };
    },

    /** How much of an upload of `total` bytes the server holds. */
    async uploadStatus(
      staff: StaffPrincipal,
      lessonId: number,
      total: number | undefined,
    ): Promise<UploadStatus> {
      const lesson = await findLesson(db, instituteOf(staff), lessonId);
      if (!lesson) throw notFound('课节');
      const received = total === undefined ? 0 : ((await storage.size(partKey(lessonId, total))) ?? 0);
      return {
        receivedBytes: received,
        totalBytes: total ?? null,
        complete: false,
        durationSeconds: lesson.durationSeconds,
      };
    },

    /**
     * One part of a lesson video (bytes start..end of total), streamed to storage as it arrives. Parts
     * must come in order: a part that does not start where the stored copy ends is refused (409) and the
     * browser resumes from the stored size. The last part completes the upload: the bytes must be a
     * whole MP4 whose duration ffprobe reads; then the file moves to its final, unguessable key and
     * the lesson points at it.
     */
    async uploadPart(
      staff: StaffPrincipal,
      lessonId: number,
      range: ChunkRange,
      body: Readable,
    ): Promise<UploadStatus> {
      const instituteId = instituteOf(staff);
      const lesson = await findLesson(db, instituteId, lessonId);
      if (!lesson) throw notFound('课节');
      const course = await findCourse(db, instituteId, lesson.courseId);
      if (course?.started) throw inUse();
      if (range.total > maxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `视频文件不能超过 ${deps.config.VIDEO_MAX_MB} MB`);
      }
      const key = partKey(lessonId, range.total);
      if (writing.has(key)) throw new AppError('UPLOAD_OFFSET_MISMATCH', '该视频正在上传，请稍后重试');
      writing.add(key);
      try {
        const held = (await storage.size(key)) ?? 0;
        if (range.start !== held) {
          body.resume();
          throw new AppError(
            'UPLOAD_OFFSET_MISMATCH',
            `上传位置不一致：服务器已收到 ${held} 字节，请从该处续传`,
            {
              receivedBytes: held,
            },
          );
        }
        const expected = range.end - range.start + 1;
        let written: number;
        try {
          written = await storage.append(key, body, expected);
        } catch (e) {
          if (held === 0) await storage.remove(key);
          else await storage.truncate(key, held);
          if (e instanceof TooLargeError)
            throw new AppError('BAD_REQUEST', '上传的分段长度与 Content-Range 不一致');
          throw e;
        }
        if (written !== expected) {
          if (held === 0) await storage.remove(key);
          else await storage.truncate(key, held);
          throw new AppError('BAD_REQUEST', '上传的分段不完整，请重试');
        }
        if (held === 0 && !looksLikeMp4(await storage.head(key, 12))) {
          await storage.remove(key);
          throw new AppError('VIDEO_INVALID', '文件不是 MP4 视频，请上传 MP4（H.264）格式的视频');
        }
        const received = held + written;
        if (received < range.total) {
          return { receivedBytes: received, totalBytes: range.total, complete: false, durationSeconds: null };
        }
        return await finish(staff, instituteId, lesson, key, range.total);
      } finally {
        writing.delete(key);
      }
    },
  };

  /** A replaced video nobody points at; a failure leaves an orphan file, never a broken lesson. */
  async function removeReplaced(key: string) {
    try {
      await storage.remove(key);
    } catch (e) {
      deps.log?.warn({ err: e, key }, 'replaced lesson video not removed');
    }
  }

  async function finish(
    staff: StaffPrincipal,
    instituteId: number,
    lesson: AdminLessonRow,
    key: string,
    total: number,
  ): Promise<UploadStatus> {
    const problem = await mp4Problem(storage, key, total);
    const duration = problem ? null : await probeDurationSeconds(await storage.localPath(key));
    if (problem || duration === null) {
      await storage.remove(key);
      throw new AppError('VIDEO_INVALID', problem ?? '无法读取视频时长，文件可能已损坏');
    }
    const finalKey = `videos/${randomUUID()}.mp4`;
    await storage.move(key, finalKey);
    let replaced: string | null;
    try {
      replaced = await db.transaction(async (tx) => {
        const course = await findCourse(tx, instituteId, lesson.courseId, true);
        if (!course) throw notFound('课程');
        if (course.started) throw inUse();
        const old = await setLessonVideo(tx, lesson.id, STORED_PREFIX + finalKey, duration);
        // a file a copied catalogue of another year still points at stays
        return old?.startsWith(STORED_PREFIX) && !(await videoFileInUse(tx, old)) ? old : null;
      });
    } catch (e) {
      await storage.remove(finalKey);
      throw e;
    }
    // Only once the lesson points at the new file for good: a failed transaction keeps the old one.
    if (replaced) await removeReplaced(replaced.slice(STORED_PREFIX.length));
    await audit(staff, 'lesson.video_upload', `lesson:${lesson.id}`, {
      bytes: total,
      durationSeconds: duration,
    });
    return { receivedBytes: total, totalBytes: total, complete: true, durationSeconds: duration };
  }
}
