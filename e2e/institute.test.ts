import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, loginAs, newContext } from './support/browser.ts';
import { screenshots } from './support/screens.ts';
import { repoRoot } from './support/server.ts';

/**
 * The institute console journey (issue 11): the 上海 institute admin creates a course, adds a lesson,
 * uploads its video with a progress bar, publishes it, edits next year's questionnaire, and a member who
 * chose 上海 watches the course.
 */
const COURSE = `内部控制审计实务（上传）${Date.now() % 100000}`;
const CLIP = join(repoRoot, 'apps/server/assets/videos/clip-20s.mp4');

/** The run's shared server (global setup): a fresh database with the demo data. */
const baseUrl = inject('baseUrl');
let browser: Browser;
let admin: Page;

const shanghaiYear = () =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** The question texts the questionnaire editor shows. */
const questionTexts = (pane: Locator) =>
  pane
    .getByLabel('题目', { exact: true })
    .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));

interface Media {
  muted: boolean;
  currentTime: number;
  readyState: number;
  play(): Promise<void>;
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await (await newContext(browser, baseUrl)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('institute course console journey', { shuffle: false }, () => {
  test('the 上海 institute admin creates a course with a lesson, uploads its video and publishes it', async () => {
    await loginAs(admin, 'staff', 'snai-admin');
    await admin.getByRole('navigation', { name: '主菜单' }).getByText('课程管理', { exact: true }).click();
    await admin.waitForURL(/\/staff\/courses$/);
    await admin.getByRole('button', { name: '新增课程' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('课程名称').fill(COURSE);
    await dialog.getByLabel('授课教师').fill('李老师');
    await dialog.getByLabel('课程简介').fill('内部控制审计的要点与案例');
    await dialog.getByRole('button', { name: '保存' }).click();
    const card = admin.getByTestId(`admin-course-${COURSE}`);
    await card.waitFor();
    await expect(card.getByTestId('course-status').textContent()).resolves.toBe('未发布');

    await card.getByLabel('课节名称').fill('第一讲 内部控制概述');
    await card.getByLabel('学时').fill('0.5');
    await card.getByRole('button', { name: '新增课节' }).click();
    await card.getByText('第一讲 内部控制概述').waitFor();

    await card.locator('input[type=file]').setInputFiles(CLIP);
    await card.getByText('已上传（20 秒）').waitFor({ timeout: 30_000 });
    await admin.screenshot({ path: join(screenshots, 'institute-console.png'), fullPage: true });
    await card.getByRole('button', { name: '发布' }).click();
    await expect
      .poll(() => card.getByTestId('course-status').textContent(), { timeout: 10_000 })
      .toBe('已发布');
  });

  test('the admin edits next year’s questionnaire, leaving this year’s as it was', async () => {
    const thisYear = shanghaiYear();
    const admin = await (await newContext(browser, baseUrl)).newPage();
    await loginAs(admin, 'staff', 'snai-admin');
    await admin.goto('/staff/courses');
    await admin.getByRole('tab', { name: '评价问卷' }).click();
    // the visible tab's panel (the other tab's is hidden)
    const pane = admin.getByRole('tabpanel');
    await expect.poll(() => questionTexts(pane)).toContain('课程内容是否符合您的实际工作需要？');
    await pane.getByLabel('年度').click();
    await admin
      .locator('.ant-select-item-option')
      .filter({ hasText: `${thisYear + 1}年度` })
      .click();
    await pane.getByRole('button', { name: '新增题目' }).click();
    await pane.getByLabel('题目', { exact: true }).last().fill('下一年度希望增加哪些课程？');
    await pane.getByLabel('题型').last().click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '文字题' }).last().click();
    await pane.getByRole('button', { name: '保存问卷' }).click();
    await admin.getByText(`${thisYear + 1}年度问卷已保存`).waitFor();
    await admin.screenshot({ path: join(screenshots, 'institute-questionnaire.png'), fullPage: true });

    await pane.getByLabel('年度').click();
    await admin
      .locator('.ant-select-item-option')
      .filter({ hasText: `${thisYear}年度` })
      .click();
    await expect
      .poll(() => questionTexts(pane))
      .toEqual(['课程内容是否符合您的实际工作需要？', '您对本课程还有哪些建议？']);
  });

  test('a member who chose 上海 finds the course and its video plays', async () => {
    const member = await (await newContext(browser, baseUrl)).newPage();
    // a demo member no other journey uses: the institute choice is final for the year
    await loginAs(member, 'practicing', '310000012349');
    const year = shanghaiYear();
    const choice = await member.request.post('/api/me/institute-choice', { data: { year, instituteId: 2 } });
    expect([201, 409]).toContain(choice.status());
    const catalogue = await (await member.request.get('/api/courses')).json();
    expect(catalogue.institute.id).toBe(2);
    await member.goto('/member/learning');
    await member.getByTestId('course-card').filter({ hasText: COURSE }).click();
    await member.waitForURL(/\/member\/learning\/courses\/\d+$/);
    await member
      .getByTestId('lesson-row')
      .filter({ hasText: '第一讲 内部控制概述' })
      .getByRole('button', { name: '开始学习' })
      .click();
    await member.waitForURL(/\/member\/learning\/lessons\/\d+$/);
    const video = member.getByTestId('lesson-video');
    await expect
      .poll(() => video.evaluate((v: Media) => v.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await video.evaluate((v: Media) => {
      v.muted = true;
      return v.play();
    });
    await expect
      .poll(() => video.evaluate((v: Media) => v.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(2);
    await member.screenshot({ path: join(screenshots, 'institute-member-watches.png'), fullPage: true });
  });
});
