import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { completeLesson, makeMember, makeStaff, type StaffFixture } from '../../../test/fixtures.ts';
import { learningNow, markCompleted, report, YEAR } from '../../../test/learning.ts';
import { paths } from '../../paths.ts';

/** The institute admins' course console: scope, the course life cycle, the frozen credit, video uploads. */
let t: TestApp;
let dir: string;
let snai: StaffFixture;
let bnai: StaffFixture;
let clip: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpe-storage-'));
  t = await buildTestApp({ STORAGE_DIR: dir }, learningNow());
  snai = await makeStaff(t, { role: 'institute_admin', instituteId: 2 });
  bnai = await makeStaff(t, { role: 'institute_admin', instituteId: 1 });
  clip = await readFile(join(paths.videos, 'clip-20s.mp4'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const api = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload ? { payload } : {}) });

const courseBody = (title = '审计数据分析') => ({
  year: YEAR,
  title,
  teacher: '王老师',
  // required: a member may open it at once (electives wait for the required courses)
  kind: 'required',
  ethics: false,
  description: '课程简介',
});

async function newCourse(staff = snai, title?: string) {
  const res = await api('POST', '/api/institute/courses', staff.cookie, courseBody(title));
  expect(res.statusCode, res.body).toBe(201);
  const course = res.json();
  const withLesson = await api('POST', `/api/institute/courses/${course.id}/lessons`, staff.cookie, {
    title: '第一讲',
    creditHours: 0.5,
  });
  expect(withLesson.statusCode, withLesson.body).toBe(201);
  return withLesson.json() as {
    id: number;
    status: string;
    lessons: Array<{ id: number; hasVideo: boolean }>;
  };
}

/** PUTs one part of a lesson video. */
const putPart = (cookie: string, lessonId: number, part: Buffer, start: number, total: number) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/institute/lessons/${lessonId}/video`,
    headers: {
      cookie,
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${start}-${start + part.length - 1}/${total}`,
    },
    payload: part,
  });

async function upload(cookie: string, lessonId: number, file: Buffer, chunk = 16 * 1024) {
  let res = null;
  for (let start = 0; start < file.length; start += chunk) {
    res = await putPart(cookie, lessonId, file.subarray(start, start + chunk), start, file.length);
    if (res.statusCode !== 200) return res;
  }
  return res!;
}

describe('institute course console', () => {
  it('creates, uploads, publishes; the institute’s members then see and watch the course', async () => {
    const course = await newCourse();
    expect(course.status).toBe('draft');
    const lessonId = course.lessons[0]!.id;
    const member = await makeMember(t, { institute: 2 });
    const before = (await api('GET', `/api/courses?year=${YEAR}`, member.cookie)).json();
    expect(before.courses.map((c: { id: number }) => c.id)).not.toContain(course.id);

    const early = await api('POST', `/api/institute/courses/${course.id}/publish`, snai.cookie);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('COURSE_NOT_READY');

    const done = await upload(snai.cookie, lessonId, clip);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ complete: true, durationSeconds: 20, receivedBytes: clip.length });

    const published = await api('POST', `/api/institute/courses/${course.id}/publish`, snai.cookie);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().status).toBe('published');

    const after = (await api('GET', `/api/courses?year=${YEAR}`, member.cookie)).json();
    const seen = after.courses.find((c: { id: number }) => c.id === course.id);
    expect(seen.lessons[0]).toMatchObject({ id: lessonId, durationSeconds: 20, creditHours: 0.5 });
    const part = await t.app.inject({
      url: `/api/lessons/${lessonId}/video`,
      headers: { cookie: member.cookie, range: 'bytes=0-99' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${clip.length}`);
    expect(part.rawPayload.equals(clip.subarray(0, 100))).toBe(true);
    // another institute's member may not fetch it
    const other = await makeMember(t, { institute: 1 });
    const refused = await t.app.inject({
      url: `/api/lessons/${lessonId}/video`,
      headers: { cookie: other.cookie },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);

    // retiring hides it again
    await api('POST', `/api/institute/courses/${course.id}/retire`, snai.cookie);
    const retired = (await api('GET', `/api/courses?year=${YEAR}`, member.cookie)).json();
    expect(retired.courses.map((c: { id: number }) => c.id)).not.toContain(course.id);
  });

  it('freezes lessons and credit once a member has started the course', async () => {
    const course = await newCourse();
    const lessonId = course.lessons[0]!.id;
    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(200);
    await api('POST', `/api/institute/courses/${course.id}/publish`, snai.cookie);
    const member = await makeMember(t, { institute: 2 });
    expect((await report(t.app, member.cookie, lessonId, 0, 0)).statusCode).toBe(200);

    const credit = await api('PATCH', `/api/institute/lessons/${lessonId}`, snai.cookie, { creditHours: 1 });
    expect(credit.statusCode).toBe(409);
    expect(credit.json().code).toBe('COURSE_IN_USE');
    for (const res of [
      await api('POST', `/api/institute/courses/${course.id}/lessons`, snai.cookie, {
        title: '加课',
        creditHours: 1,
      }),
      await api('DELETE', `/api/institute/lessons/${lessonId}`, snai.cookie),
      await api('PATCH', `/api/institute/courses/${course.id}`, snai.cookie, { kind: 'elective' }),
      await putPart(snai.cookie, lessonId, clip, 0, clip.length),
    ]) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('COURSE_IN_USE');
    }
    const title = await api('PATCH', `/api/institute/courses/${course.id}`, snai.cookie, { title: '新名称' });
    expect(title.statusCode).toBe(200);
    expect(title.json().lessons[0].creditHours).toBe(0.5);
  });

  it('keeps every institute to its own catalogue; other roles may not use the console', async () => {
    const course = await newCourse(snai, '上海专有课程');
    const lessonId = course.lessons[0]!.id;
    const list = (await api('GET', `/api/institute/courses?year=${YEAR}`, bnai.cookie)).json();
    expect(list.map((c: { id: number }) => c.id)).not.toContain(course.id);
    const attempts = [
      await api('PATCH', `/api/institute/courses/${course.id}`, bnai.cookie, { title: '改' }),
      await api('POST', `/api/institute/courses/${course.id}/publish`, bnai.cookie),
      await api('POST', `/api/institute/courses/${course.id}/retire`, bnai.cookie),
      await api('POST', `/api/institute/courses/${course.id}/lessons`, bnai.cookie, {
        title: 'x',
        creditHours: 1,
      }),
      await api('PATCH', `/api/institute/lessons/${lessonId}`, bnai.cookie, { title: '改' }),
      await api('DELETE', `/api/institute/lessons/${lessonId}`, bnai.cookie),
      await api('GET', `/api/institute/lessons/${lessonId}/video/upload?size=10`, bnai.cookie),
      await putPart(bnai.cookie, lessonId, clip.subarray(0, 100), 0, clip.length),
    ];
    for (const res of attempts) expect(res.statusCode, res.body).toBe(404);
    const mine = (await api('GET', `/api/institute/courses?year=${YEAR}`, snai.cookie)).json();
    expect(mine.find((c: { id: number }) => c.id === course.id).title).toBe('上海专有课程');

    const reviewer = await makeStaff(t, { role: 'provincial_reviewer', province: '31' });
    const national = await makeStaff(t);
    const member = await makeMember(t);
    for (const cookie of [reviewer.cookie, national.cookie, member.cookie]) {
      expect((await api('GET', `/api/institute/courses?year=${YEAR}`, cookie)).statusCode).toBe(403);
      expect((await api('POST', '/api/institute/courses', cookie, courseBody())).statusCode).toBe(403);
    }
  });

  it('refuses a file that is not a video and a truncated video, keeping nothing of either', async () => {
    const course = await newCourse();
    const lessonId = course.lessons[0]!.id;
    const text = Buffer.from('这不是视频'.repeat(1000));
    const notVideo = await upload(snai.cookie, lessonId, text);
    expect(notVideo.statusCode).toBe(422);
    expect(notVideo.json().code).toBe('VIDEO_INVALID');

    const truncated = clip.subarray(0, Math.floor(clip.length * 0.6));
    const cut = await upload(snai.cookie, lessonId, truncated);
    expect(cut.statusCode).toBe(422);
    expect(cut.json().message).toContain('截断');
    const status = await api(
      'GET',
      `/api/institute/lessons/${lessonId}/video/upload?size=${truncated.length}`,
      snai.cookie,
    );
    expect(status.json().receivedBytes).toBe(0);
    const view = (await api('GET', `/api/institute/courses?year=${YEAR}`, snai.cookie)).json();
    expect(view.find((c: { id: number }) => c.id === course.id).lessons[0].hasVideo).toBe(false);
  });

  it('resumes an interrupted upload from the bytes the server holds and refuses parts out of order', async () => {
    const course = await newCourse();
    const lessonId = course.lessons[0]!.id;
    const chunk = 20_000;
    expect((await putPart(snai.cookie, lessonId, clip.subarray(0, chunk), 0, clip.length)).statusCode).toBe(
      200,
    );
    const skip = await putPart(
      snai.cookie,
      lessonId,
      clip.subarray(2 * chunk, 3 * chunk),
      2 * chunk,
      clip.length,
    );
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('UPLOAD_OFFSET_MISMATCH');
    const status = (
      await api('GET', `/api/institute/lessons/${lessonId}/video/upload?size=${clip.length}`, snai.cookie)
    ).json();
    expect(status.receivedBytes).toBe(chunk);
    const rest = await putPart(snai.cookie, lessonId, clip.subarray(chunk), chunk, clip.length);
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().durationSeconds).toBe(20);
  });

  it('copies a year’s catalogue into the next year as drafts, once', async () => {
    const staff = await makeStaff(t, { role: 'institute_admin', instituteId: 3 });
    const body = { fromYear: YEAR, toYear: YEAR + 5 };
    const first = await api('POST', '/api/institute/courses/copy-year', staff.cookie, body);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().courses).toBeGreaterThan(0);
    const again = await api('POST', '/api/institute/courses/copy-year', staff.cookie, body);
    expect(again.json()).toEqual({ courses: 0, lessons: 0, questionnaire: false });
    const copied = (await api('GET', `/api/institute/courses?year=${YEAR + 5}`, staff.cookie)).json();
    expect(copied).toHaveLength(first.json().courses);
    expect(copied.every((c: { status: string }) => c.status === 'draft')).toBe(true);
  });

  it('edits the institute’s questionnaire, which members then answer with their evaluation', async () => {
    const staff = await makeStaff(t, { role: 'institute_admin', instituteId: 3 });
    const questions = [
      { id: 'q1', text: '课程是否实用', type: 'single', options: ['是', '否'], required: true },
      { id: 'q2', text: '建议', type: 'text', required: false },
    ];
    const saved = await api('PUT', '/api/institute/questionnaire', staff.cookie, { questions });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await api('GET', '/api/institute/questionnaire', staff.cookie)).json().questions).toHaveLength(2);
    const bad = await api('PUT', '/api/institute/questionnaire', staff.cookie, {
      questions: [{ id: 'q1', text: '单选', type: 'single', options: ['只有一个'], required: true }],
    });
    expect(bad.statusCode).toBe(400);
    // 上海's questionnaire is untouched by 厦门's admin
    const snaiQuestions = (await api('GET', '/api/institute/questionnaire', snai.cookie)).json().questions;
    expect(snaiQuestions.map((q: { text: string }) => q.text)).not.toContain('课程是否实用');
  });
});

describe('replacing a lesson video', () => {
  /** Where the lesson's stored video lies on disk. */
  async function videoPath(lessonId: number) {
    const { rows } = await t.deps.db.execute<{ video_file: string }>(
      sql`SELECT video_file FROM lessons WHERE id = ${lessonId}`,
    );
    return join(dir, rows[0]!.video_file.replace(/^storage:/, ''));
  }
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  it('deletes the replaced file once the lesson points at the new one, unless another lesson still uses it', async () => {
    const year = YEAR + 30;
    const created = await api('POST', '/api/institute/courses', snai.cookie, {
      ...courseBody('换视频'),
      year,
    });
    const course = (
      await api('POST', `/api/institute/courses/${created.json().id}/lessons`, snai.cookie, {
        title: '第一讲',
        creditHours: 0.5,
      })
    ).json();
    const lessonId = course.lessons[0]!.id;
    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(200);
    const first = await videoPath(lessonId);
    expect(await exists(first)).toBe(true);

    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(200);
    const second = await videoPath(lessonId);
    expect(second).not.toBe(first);
    expect(await exists(second)).toBe(true);
    expect(await exists(first)).toBe(false);

    // the next year's copy points at the same file: replacing this year's keeps it
    const copy = await api('POST', '/api/institute/courses/copy-year', snai.cookie, {
      fromYear: year,
      toYear: year + 1,
    });
    expect(copy.json().lessons).toBe(1);
    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(200);
    const third = await videoPath(lessonId);
    expect(await exists(second)).toBe(true);
    expect(await exists(third)).toBe(true);

    // a refused replacement (a member has started the course) keeps the current file
    const member = await makeMember(t, { institute: 2 });
    await markCompleted(t.deps.db, member.id, [lessonId], t.clock.now());
    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(409);
    expect(await videoPath(lessonId)).toBe(third);
    expect(await exists(third)).toBe(true);
  });
});

describe('learner statistics', () => {
  it('counts started, completed and evaluated per lesson, masks names, charts days and exports Excel', async () => {
    const course = await newCourse(snai, '统计课程');
    const lessonId = course.lessons[0]!.id;
    expect((await upload(snai.cookie, lessonId, clip)).statusCode).toBe(200);
    await api('POST', `/api/institute/courses/${course.id}/publish`, snai.cookie);
    const questions = (await api('GET', '/api/institute/questionnaire', snai.cookie)).json().questions;
    const answers = Object.fromEntries(
      questions.map((q: { id: string; options?: string[] }) => [q.id, q.options?.[0] ?? '好']),
    );
    const a = await makeMember(t, { institute: 2, name: '欧阳娜娜' });
    await completeLesson(
      t,
      a.cookie,
      { id: lessonId, durationSeconds: 20 },
      { rating: 4, comment: '很实用', answers },
    );
    const b = await makeMember(t, { institute: 2, province: '11' });
    expect((await report(t.app, b.cookie, lessonId, 0, 0)).statusCode).toBe(200);

    const stats = (await api('GET', `/api/institute/stats?year=${YEAR}`, snai.cookie)).json();
    const c = stats.courses.find((x: { courseId: number }) => x.courseId === course.id);
    expect(c.lessons[0]).toMatchObject({
      started: 2,
      completed: 1,
      evaluated: 1,
      averageRating: 4,
      ratings: [0, 0, 0, 1, 0],
    });
    expect(stats.comments.find((x: { comment: string }) => x.comment === '很实用').member).toBe('欧***');
    expect(JSON.stringify(stats)).not.toContain('欧阳娜娜');
    expect(stats.completionsPerDay.length).toBeGreaterThan(0);
    expect(stats.byProvince.map((p: { province: string }) => p.province)).toEqual(
      expect.arrayContaining(['上海', '北京']),
    );
    // another institute's admin sees none of it
    const other = (await api('GET', `/api/institute/stats?year=${YEAR}`, bnai.cookie)).json();
    expect(other.courses.map((x: { courseId: number }) => x.courseId)).not.toContain(course.id);

    const xlsx = await api('GET', `/api/institute/stats/export?year=${YEAR}`, snai.cookie);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const titles: string[] = [];
    wb.worksheets[0]!.eachRow((row) => titles.push(String(row.getCell(1).value)));
    expect(titles[0]).toBe('课程');
    expect(titles).toContain('统计课程');
  }, 120_000);
});

describe('large uploads', () => {
  it('streams a video of hundreds of MB to disk: heap growth stays far below the file size', async () => {
    const course = await newCourse();
    const lessonId = course.lessons[0]!.id;
    // The clip followed by a large `free` box: a valid MP4 of ~200 MB that ffprobe reads as 20 s.
    const padding = 200 * 1024 * 1024;
    const total = clip.length + padding;
    const file = join(dir, 'big.mp4');
    const freeHeader = Buffer.alloc(8);
    freeHeader.writeUInt32BE(padding, 0);
    freeHeader.write('free', 4, 'latin1');
    await writeFile(file, Buffer.concat([clip, freeHeader]));
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    for (let written = 8; written < padding; written += zeros.length) {
      await writeFile(file, zeros.subarray(0, Math.min(zeros.length, padding - written)), { flag: 'a' });
    }
    expect((await stat(file)).size).toBe(total);

    const chunk = 8 * 1024 * 1024;
    // Sampled every 10 ms while the parts stream: the JavaScript heap and the Buffers outside it.
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = used();
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, used() - baseline);
    }, 10);
    let last = null;
    for (let start = 0; start < total; start += chunk) {
      const end = Math.min(start + chunk, total) - 1;
      last = await t.app.inject({
        method: 'PUT',
        url: `/api/institute/lessons/${lessonId}/video`,
        headers: {
          cookie: snai.cookie,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${start}-${end}/${total}`,
          'content-length': String(end - start + 1),
        },
        payload: createReadStream(file, { start, end }),
      });
      expect(last.statusCode, last.body).toBe(200);
    }
    clearInterval(sampler);
    expect(last!.json()).toMatchObject({ complete: true, durationSeconds: 20, receivedBytes: total });
    console.info(
      `upload of ${total} bytes: peak growth of heap and buffers ${(peak / 1024 / 1024).toFixed(1)} MB`,
    );
    // 8 MB parts: a few parts in flight at most, never the file (200 MB)
    expect(peak).toBeLessThan(total / 4);
  }, 240_000);
});
