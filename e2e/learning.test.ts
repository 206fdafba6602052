import { join } from 'node:path';
import type { CoursesResponse, LessonSummary } from '@cpe/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, loginAs, newContext, phone, scrollWidth, submitLogin } from './support/browser.ts';
import { onOwnServer } from './support/journey.ts';
import { screenshots } from './support/screens.ts';
import type { RunningServer } from './support/server.ts';

/**
 * The online-learning journey (issue 4): choose an institute, find electives locked, watch a short
 * required lesson to the end, evaluate it, run the daily sync as an operator would, see the hours in
 * 学时查询. This file runs its own server (fresh database) because the sync needs it stopped and started.
 */
const MEMBER = '310000012345';
const ELECTIVES_LOCKED = '需先完成全部必修课程，才可以学习选修课程';
const UNEVALUATED = '未进行评价的课节，学时数将暂时不记录在系统';

let server: RunningServer;
let browser: Browser;
/** The practicing member's page, kept across the steps of the journey. */
let page: Page;
/** The shortest lesson of the first required course: the one watched to the end. */
let lesson: LessonSummary & { course: string };

onOwnServer(async (started) => {
  ({ server, browser } = started);
  page = await (await newContext(browser, server.url)).newPage();
});

/** The parts of HTMLVideoElement the journey drives (this tsconfig has no DOM types). */
interface Media {
  muted: boolean;
  currentTime: number;
  duration: number;
  playbackRate: number;
  readyState: number;
  play(): Promise<void>;
}

const mainMenu = (p: Page) => p.getByRole('navigation', { name: '主菜单' });
const video = (p: Page) => p.getByTestId('lesson-video');

async function openMenu(p: Page, label: string) {
  await mainMenu(p).getByText(label, { exact: true }).click();
}

describe('online learning journey (执业会员)', { shuffle: false }, () => {
  test('choosing an institute asks for confirmation, then shows its catalogue with electives locked', async () => {
    await loginAs(page, 'practicing', MEMBER);
    await openMenu(page, '在线学习');
    await page.waitForURL(/\/member\/learning$/);
    const cards = page.getByTestId('institute-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(3);
    await expect(cards.allInnerTexts()).resolves.toEqual([
      expect.stringContaining('北京国家会计学院'),
      expect.stringContaining('上海国家会计学院'),
      expect.stringContaining('厦门国家会计学院'),
    ]);
    await expect(cards.nth(1).textContent()).resolves.toMatch(/咨询电话：021-69768000[\s\S]*简介：/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'learning-institutes.png'), fullPage: true });

    await cards.filter({ hasText: '上海国家会计学院' }).getByRole('button', { name: '选择该学院' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('每年只能选择一家会计学院进行学习，当年不可更改。确定选择 上海国家会计学院 吗？')
      .waitFor();
    await dialog.getByRole('button', { name: '确定选择' }).click();

    const banner = page.getByTestId('institute-banner');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/上海国家会计学院[\s\S]*咨询电话 021-69768000/);
    const required = page.getByRole('region', { name: '必修课程' }).getByTestId('course-card');
    const electives = page.getByRole('region', { name: '选修课程' }).getByTestId('course-card');
    await required.first().waitFor();
    expect(await required.count()).toBeGreaterThanOrEqual(4);
    expect(await electives.count()).toBeGreaterThanOrEqual(8);
    const locked = page.getByTestId('electives-locked');
    await expect(locked.textContent()).resolves.toContain(ELECTIVES_LOCKED);
    // Every required course is still to finish, and each is listed by name.
    for (const title of await required.locator('h5').allInnerTexts()) {
      await locked.getByRole('link', { name: title }).waitFor();
    }
    await expect(electives.first().textContent()).resolves.toContain('完成全部必修课程后解锁');
    await page.getByText(UNEVALUATED).first().waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'learning-courses-locked.png'), fullPage: true });

    // The choice is final for the year: the server refuses a second one with its Chinese message.
    const again = await page.request.post('/api/me/institute-choice', {
      data: {
        year: (await (await page.request.get('/api/me/institute-choice')).json()).year,
        instituteId: 1,
      },
    });
    expect(again.status()).toBe(409);
    await expect(again.json()).resolves.toMatchObject({ code: 'INSTITUTE_ALREADY_CHOSEN' });
  });

  test('a locked elective lesson shows why instead of playing', async () => {
    const courses = (await (await page.request.get('/api/courses')).json()) as CoursesResponse;
    const elective = courses.courses.find((c) => c.kind === 'elective' && c.locked);
    const electiveLesson = elective?.lessons[0];
    if (!electiveLesson) throw new Error('the demo catalogue has no locked elective lesson');
    await page.goto(`/member/learning/lessons/${electiveLesson.id}`);
    await page.getByRole('alert').filter({ hasText: '请先完成本年度全部必修课程，再学习选修课程' }).waitFor();
    expect(await video(page).count()).toBe(0);
  });

  test('a short required lesson is watched to the end (no skipping ahead) and evaluated', async () => {
    const courses = (await (await page.request.get('/api/courses')).json()) as CoursesResponse;
    const first = courses.courses.find((c) => c.kind === 'required');
    const shortest = first?.lessons.reduce((a, b) => (b.durationSeconds < a.durationSeconds ? b : a));
    if (!first || !shortest) throw new Error('the demo catalogue has no required lesson');
    expect(shortest.durationSeconds).toBeLessThanOrEqual(30);
    lesson = { ...shortest, course: first.title };

    await openMenu(page, '在线学习');
    await page.getByTestId('course-card').filter({ hasText: first.title }).click();
    await page.waitForURL(/\/member\/learning\/courses\/\d+$/);
    const row = page.getByTestId('lesson-row').filter({ hasText: lesson.title });
    await expect(row.textContent()).resolves.toContain('未开始');
    await row.getByRole('button', { name: '开始学习' }).click();
    await page.waitForURL(new RegExp(`/member/learning/lessons/${lesson.id}$`));
    await page.getByTestId('institute-banner').waitFor();

    // Headless Chromium may refuse autoplay with sound: a muted video may always play.
    await expect
      .poll(() => video(page).evaluate((v: Media) => v.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await video(page).evaluate((v: Media) => {
      v.muted = true;
      return v.play();
    });
    await expect
      .poll(() => video(page).evaluate((v: Media) => v.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(3);
    // Seeking past what was watched snaps back; the playback rate stays 1.
    await video(page).evaluate((v: Media) => {
      v.currentTime = v.duration - 2;
    });
    await page.getByText('不能快进到未观看的部分', { exact: true }).waitFor();
    expect(await video(page).evaluate((v: Media) => v.currentTime)).toBeLessThan(lesson.durationSeconds - 5);
    await video(page).evaluate((v: Media) => {
      v.playbackRate = 2;
    });
    await expect.poll(() => video(page).evaluate((v: Media) => v.playbackRate)).toBe(1);
    await page.mouse.move(0, 0);
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
    await page.screenshot({ path: join(screenshots, 'learning-player.png'), fullPage: true });

    // The server credits at most wall-clock time, so this takes the clip's real length.
    await page.getByTestId('lesson-completed').waitFor({ timeout: (lesson.durationSeconds + 40) * 1000 });
    // The server may call it complete within its rounding tolerance; the report at the end fills the rest.
    await expect
      .poll(() => page.getByTestId('watched').textContent(), { timeout: 10_000 })
      .toBe(`已观看 0:${lesson.durationSeconds} / 0:${lesson.durationSeconds}`);

    const form = page.getByTestId('evaluation-form');
    await form.waitFor();
    await form.locator('.ant-rate-star').nth(4).click();
    const choices = form.getByRole('radio', { name: '非常符合' });
    if ((await choices.count()) > 0) await choices.check({ force: true });
    await form.getByPlaceholder('请写下您对本课节的意见和建议').fill('讲解清楚，案例实用。');
    // From the top, so the full-page shot shows the finished video, its progress and the form.
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
    await page.screenshot({ path: join(screenshots, 'learning-evaluate.png'), fullPage: true });
    await form.getByRole('button', { name: '提交评价' }).click();
    const done = page.getByTestId('evaluation-done');
    await done.waitFor();
    await expect(done.textContent()).resolves.toContain('学时将于次日计入');
    await expect(done.locator('.ant-rate-star-full').count()).resolves.toBe(5);
  });

  test('after the daily sync (run by an operator) 学时查询 shows the lesson hours', async () => {
    // Before the sync the hours are announced as pending.
    await openMenu(page, '学时查询');
    await page.waitForURL(/\/member\/hours$/);
    const hours = lesson.creditHours.toFixed(2);
    await expect(page.getByTestId('sync-state').textContent()).resolves.toContain(
      `${hours} 学时待同步，次日可查询`,
    );
    await page.getByText('本年度暂无已记录的学时').waitFor();

    const output = await server.runCli(['jobs', 'run', 'daily-sync']);
    expect(JSON.parse(output.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ posted: 1 });

    await page.goto('/member/hours');
    if (/\/login$/.test(new URL(page.url()).pathname)) {
      await submitLogin(page, 'practicing', MEMBER, DEMO_PASSWORD);
      await page.waitForURL(/\/member\/hours$/);
    }
    const entries = page.getByTestId('hours-entries');
    await entries.waitFor();
    const row = entries.getByRole('row').filter({ hasText: lesson.title });
    await expect(row.textContent()).resolves.toMatch(
      new RegExp(`${lesson.course} · ${lesson.title}[\\s\\S]*必修[\\s\\S]*${hours}[\\s\\S]*网络培训`),
    );
    await expect(page.getByTestId('sync-state').textContent()).resolves.toContain(`系统已记录 ${hours} 学时`);
    await expect(page.getByTestId('credited-online').textContent()).resolves.toContain(hours);
    await expect(page.getByTestId('standing').textContent()).resolves.toBe(`${hours}学时/40学时`);
    await expect(page.getByTestId('compliance').textContent()).resolves.toBe('未达标');
    await expect(page.getByTestId('hotline').textContent()).resolves.toContain(
      '如有疑问，请咨询 上海国家会计学院：021-69768000',
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'hours-after-sync.png'), fullPage: true });
  });

  test('at 375 px the learning and hours pages fit the screen', async () => {
    const phonePage = await (await newContext(browser, server.url, phone)).newPage();
    await loginAs(phonePage, 'practicing', MEMBER);
    await phonePage.goto('/member/learning');
    await phonePage.getByTestId('electives-locked').waitFor();
    expect(await scrollWidth(phonePage)).toBeLessThanOrEqual(phone.width);
    await phonePage.goto(`/member/learning/lessons/${lesson.id}`);
    await phonePage.getByTestId('evaluation-done').waitFor();
    expect(await scrollWidth(phonePage)).toBeLessThanOrEqual(phone.width);

    await phonePage.goto('/member/hours');
    const entries = phonePage.getByTestId('hours-entries');
    await entries.waitFor();
    // On a phone the entries are cards, not a table that would need scrolling sideways.
    expect(await entries.getByRole('row').count()).toBe(0);
    await expect(entries.textContent()).resolves.toContain(lesson.title);
    expect(await scrollWidth(phonePage)).toBeLessThanOrEqual(phone.width);
    await phonePage.screenshot({ path: join(screenshots, 'hours-375.png'), fullPage: true });
    await phonePage.context().close();
  });
});

describe('fee gate (非执业会员)', { shuffle: false }, () => {
  test('开始学习 on an unpaid year opens 交费 with the amount and the way to pay', async () => {
    const p = await (await newContext(browser, server.url)).newPage();
    await loginAs(p, 'non_practicing', 'N310000000001');
    await p.goto('/member/learning');
    await p.getByTestId('institute-card').filter({ hasText: '北京国家会计学院' }).getByRole('button').click();
    await p.getByRole('dialog').getByRole('button', { name: '确定选择' }).click();
    await p.getByTestId('course-card').first().click();
    await p.getByTestId('lesson-row').first().getByRole('button', { name: '开始学习' }).click();
    const dialog = p.getByRole('dialog').filter({ hasText: '交费' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/¥80\.00[\s\S]*未交费/);
    expect(p.url()).toMatch(/\/member\/learning\/courses\/\d+$/);
    await dialog.getByRole('button', { name: '去交费' }).waitFor();
    await dialog
      .getByRole('button', { name: '稍 后' })
      .or(dialog.getByRole('button', { name: '稍后' }))
      .click();
    await p.context().close();
  });
});
