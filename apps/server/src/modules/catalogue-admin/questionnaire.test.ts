import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { evaluateLesson, makeMember, makeStaff } from '../../../test/fixtures.ts';
import { buildLearningApp, lessonsOf, markCompleted, YEAR } from '../../../test/learning.ts';

/** 评价问卷 per catalogue year: edits, copies, scope, and evaluations that keep the questions they answered. */
let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

const api = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload ? { payload } : {}) });

const single = (id: string, text: string) => ({
  id,
  text,
  type: 'single',
  options: ['是', '否'],
  required: true,
});
const texts = (res: { json: () => { questions: Array<{ text: string }> } }) =>
  res.json().questions.map((q) => q.text);
/** An admin of 厦门, which asks no questionnaire in the seeded years. */
const xnaiAdmin = () => makeStaff(t, { role: 'institute_admin', instituteId: 3 });

describe('the questionnaire of each catalogue year', () => {
  it('edits one year and leaves the other years as they were', async () => {
    const staff = await xnaiAdmin();
    const [y1, y2] = [YEAR + 11, YEAR + 12];
    const first = await api('PUT', `/api/institute/questionnaire?year=${y1}`, staff.cookie, {
      questions: [single('a', '第一年的问题')],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ year: y1, questions: [{ text: '第一年的问题' }] });
    await api('PUT', `/api/institute/questionnaire?year=${y2}`, staff.cookie, {
      questions: [single('a', '第二年的问题'), { id: 'b', text: '建议', type: 'text', required: false }],
    });
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${y1}`, staff.cookie))).toEqual([
      '第一年的问题',
    ]);
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${y2}`, staff.cookie))).toEqual([
      '第二年的问题',
      '建议',
    ]);
    expect((await api('GET', `/api/institute/questionnaire?year=${y2 + 1}`, staff.cookie)).json()).toEqual({
      year: y2 + 1,
      questions: [],
    });
  });

  it('defaults to the current year and refuses a bad year (400, in Chinese)', async () => {
    const staff = await makeStaff(t, { role: 'institute_admin', instituteId: 2 });
    const current = await api('GET', '/api/institute/questionnaire', staff.cookie);
    expect(current.json().year).toBe(YEAR);
    expect(current.json().questions.length).toBeGreaterThan(0);
    for (const year of ['abc', '1999', '2026.5']) {
      const get = await api('GET', `/api/institute/questionnaire?year=${year}`, staff.cookie);
      expect(get.statusCode).toBe(400);
      expect(get.json().message).toContain('年度');
      const put = await api('PUT', `/api/institute/questionnaire?year=${year}`, staff.cookie, {
        questions: [],
      });
      expect(put.statusCode).toBe(400);
    }
  });

  it('keeps each institute to its own questionnaire; other roles may not use it', async () => {
    const snai = await makeStaff(t, { role: 'institute_admin', instituteId: 2 });
    const bnai = await makeStaff(t, { role: 'institute_admin', instituteId: 1 });
    const year = YEAR + 13;
    await api('PUT', `/api/institute/questionnaire?year=${year}`, snai.cookie, {
      questions: [single('s', '上海的问题')],
    });
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${year}`, bnai.cookie))).toEqual([]);
    const national = await makeStaff(t, { role: 'national_admin' });
    const member = await makeMember(t);
    for (const cookie of [national.cookie, member.cookie]) {
      expect((await api('GET', `/api/institute/questionnaire?year=${year}`, cookie)).statusCode).toBe(403);
      const put = await api('PUT', `/api/institute/questionnaire?year=${year}`, cookie, { questions: [] });
      expect(put.statusCode).toBe(403);
    }
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${year}`, snai.cookie))).toEqual([
      '上海的问题',
    ]);
  });
});

describe('copying a year', () => {
  it('copies the questionnaire into a year that has none, and never over an edited one', async () => {
    const staff = await xnaiAdmin();
    const [from, to, edited] = [YEAR + 21, YEAR + 22, YEAR + 23];
    await api('PUT', `/api/institute/questionnaire?year=${from}`, staff.cookie, {
      questions: [single('a', '原问卷')],
    });
    const copied = await api('POST', '/api/institute/courses/copy-year', staff.cookie, {
      fromYear: from,
      toYear: to,
    });
    expect(copied.statusCode, copied.body).toBe(200);
    expect(copied.json()).toEqual({ courses: 0, lessons: 0, questionnaire: true });
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${to}`, staff.cookie))).toEqual([
      '原问卷',
    ]);

    // edited after the copy: a second copy keeps the edit
    await api('PUT', `/api/institute/questionnaire?year=${to}`, staff.cookie, {
      questions: [single('a', '修改后的问卷')],
    });
    const again = await api('POST', '/api/institute/courses/copy-year', staff.cookie, {
      fromYear: from,
      toYear: to,
    });
    expect(again.json().questionnaire).toBe(false);
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${to}`, staff.cookie))).toEqual([
      '修改后的问卷',
    ]);

    // edited before any copy: kept as well, even when edited to no questions at all
    await api('PUT', `/api/institute/questionnaire?year=${edited}`, staff.cookie, { questions: [] });
    const into = await api('POST', '/api/institute/courses/copy-year', staff.cookie, {
      fromYear: from,
      toYear: edited,
    });
    expect(into.json().questionnaire).toBe(false);
    expect(texts(await api('GET', `/api/institute/questionnaire?year=${edited}`, staff.cookie))).toEqual([]);
  });
});

describe('an evaluation and the questionnaire it answered', () => {
  it('keeps the questions as asked after the questionnaire is edited; later members answer the new one', async () => {
    // 北京: the seeded questionnaire of the current year asks `relevance` (single) and `suggestion` (text)
    const staff = await makeStaff(t, { role: 'institute_admin', instituteId: 1 });
    const lesson = (await lessonsOf(t.deps.db, 1))[0]!;
    const before = await makeMember(t, { institute: 1 });
    const after = await makeMember(t, { institute: 1 });
    await markCompleted(t.deps.db, before.id, [lesson.id], t.clock.now());
    await markCompleted(t.deps.db, after.id, [lesson.id], t.clock.now());
    const asked = (await api('GET', `/api/lessons/${lesson.id}`, before.cookie)).json().questions;
    expect(asked.map((q: { id: string }) => q.id)).toEqual(['relevance', 'suggestion']);
    const res = await evaluateLesson(t, before.cookie, lesson.id, {
      rating: 4,
      answers: { relevance: '比较符合', suggestion: '多些案例' },
    });
    expect(res.statusCode, res.body).toBe(201);

    const edited = await api('PUT', `/api/institute/questionnaire?year=${YEAR}`, staff.cookie, {
      questions: [single('relevance', '课程是否有用？')],
    });
    expect(edited.statusCode).toBe(200);

    const kept = (await api('GET', `/api/lessons/${lesson.id}`, before.cookie)).json();
    expect(kept.evaluation.answers).toEqual([
      { question: '课程内容是否符合您的实际工作需要？', answer: '比较符合' },
      { question: '您对本课程还有哪些建议？', answer: '多些案例' },
    ]);
    const now = (await api('GET', `/api/lessons/${lesson.id}`, after.cookie)).json();
    expect(now.questions.map((q: { text: string }) => q.text)).toEqual(['课程是否有用？']);
    const stale = await evaluateLesson(t, after.cookie, lesson.id, {
      rating: 5,
      answers: { relevance: '比较符合' },
    });
    expect(stale.statusCode).toBe(400);
    const fresh = await evaluateLesson(t, after.cookie, lesson.id, {
      rating: 5,
      answers: { relevance: '是' },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect((await api('GET', `/api/lessons/${lesson.id}`, after.cookie)).json().evaluation.answers).toEqual([
      { question: '课程是否有用？', answer: '是' },
    ]);

    // the statistics count each answer under the question as it was asked, on the page and in the export
    const stats = (await api('GET', `/api/institute/stats?year=${YEAR}`, staff.cookie)).json();
    expect(stats.answers).toEqual([
      {
        question: '课程内容是否符合您的实际工作需要？',
        type: 'single',
        answered: 1,
        options: [{ option: '比较符合', count: 1 }],
      },
      { question: '课程是否有用？', type: 'single', answered: 1, options: [{ option: '是', count: 1 }] },
      { question: '您对本课程还有哪些建议？', type: 'text', answered: 1, options: [] },
    ]);
    const xlsx = await api('GET', `/api/institute/stats/export?year=${YEAR}`, staff.cookie);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('评价问卷')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push([1, 2, 3].map((i) => row.getCell(i).value)));
    expect(rows).toEqual([
      ['题目', '选项', '人数'],
      ['课程内容是否符合您的实际工作需要？', '比较符合', 1],
      ['课程是否有用？', '是', 1],
      ['您对本课程还有哪些建议？', '（文字回答）', 1],
    ]);
  });
});
