import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanResponse } from '@cpe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, loginAs, newContext, phone, scrollWidth } from './support/browser.ts';
import { screenshots } from './support/screens.ts';

/**
 * The 学习计划 journey (issue 13) on a phone (375 px): the practicing demo member opens 学时查询, sees the
 * plan with each lesson's hours and minutes and what video cannot do (at most 24 online hours count),
 * and starts the first lesson from the plan.
 */
const MEMBER = '310000012345';
const baseUrl = inject('baseUrl');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser();
  page = await (await newContext(browser, baseUrl, phone)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('学习计划 journey (执业会员, 375 px)', { shuffle: false }, () => {
  test('学时查询 shows the plan and what video cannot do', async () => {
    await loginAs(page, 'practicing', MEMBER);
    // The plan follows the chosen institute's catalogue: choose one when the demo member has none yet.
    const choice = await (await page.request.get('/api/me/institute-choice')).json();
    if (!choice.institute) {
      const res = await page.request.post('/api/me/institute-choice', {
        data: { year: choice.year, instituteId: 3 },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto('/member/hours');
    const card = page.getByTestId('plan-card');
    await card.waitFor();
    await card.getByTestId('plan-summary').waitFor();
    const plan = (await (await page.request.get('/api/me/plan')).json()) as PlanResponse;
    expect(plan.lessons.length).toBeGreaterThan(0);
    await expect(card.getByTestId('plan-summary').textContent()).resolves.toContain(
      `共 ${plan.totalHours.toFixed(2)} 学时`,
    );
    expect(await card.getByTestId('plan-lesson').count()).toBe(plan.lessons.length);
    const firstLesson = plan.lessons[0]!;
    await expect(card.getByTestId('plan-lesson').first().textContent()).resolves.toContain(
      firstLesson.lesson,
    );

    const unmet = card.getByTestId('plan-unmet');
    await expect(unmet.textContent()).resolves.toMatch(/网络培训学时全年最多计 24 学时，视频课程之外还需 \d/);
    await expect(unmet.textContent()).resolves.toMatch(/面授培训[\s\S]*产出法学时可计入的项目及上限/);
    await unmet.getByText('产出法学时可计入的项目及上限', { exact: false }).click();
    await unmet.getByText('第十八条', { exact: false }).first().waitFor();
    await expect(card.textContent()).resolves.toMatch(/每周|学习截止/);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'plan-hours.png'), fullPage: true });
  });

  test('one click starts the first lesson of the plan', async () => {
    const plan = (await (await page.request.get('/api/me/plan')).json()) as PlanResponse;
    const first = plan.lessons[0]!;
    await page.getByTestId('plan-start').click();
    await page.waitForURL(new RegExp(`/member/learning/lessons/${first.lessonId}`));
    await page.getByText(first.lesson).first().waitFor();
    if (!first.evaluateOnly) await page.getByTestId('lesson-video').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: join(screenshots, 'plan-first-lesson.png'), fullPage: true });
  });

  test('the member home page shows the same plan', async () => {
    await page.goto('/member');
    await page.getByTestId('plan-card').getByTestId('plan-summary').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
  });
});
