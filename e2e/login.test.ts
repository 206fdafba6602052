import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  DEMO_PASSWORD,
  launchBrowser,
  loginAs,
  newContext,
  phone,
  scrollWidth,
  submitLogin,
} from './support/browser.ts';
import { screenshots } from './support/screens.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await newContext(browser, baseUrl, viewport);
  return context.newPage();
}

const mainMenu = (page: Page) => page.getByRole('navigation', { name: '主菜单' });

/** Text of the entries of a menu (or a submenu), in order. */
async function menuLabels(menu: Locator): Promise<string[]> {
  return (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
}

/** The entries inside the submenu whose title is `title` (a menu named after its group). */
function submenu(menu: Locator, title: string): Locator {
  return menu.getByRole('menu', { name: title, exact: true });
}

describe('login page and member portals', { shuffle: false }, () => {
  test('practicing member sees the guide menu for 执业会员', async () => {
    const page = await openPage();
    await page.goto('/login');
    await expect(page.title()).resolves.toBe('注册会计师继续教育系统');
    await expect(page.getByLabel('用户名', { exact: true }).getAttribute('placeholder')).resolves.toBe(
      '注册会计师证书编号',
    );
    // CAPTCHA_ENABLED=false: the captcha field is hidden.
    await expect(page.getByLabel('验证码').count()).resolves.toBe(0);
    await page.screenshot({ path: join(screenshots, 'login.png') });

    await loginAs(page, 'practicing', '310000012345');
    const menu = mainMenu(page);
    await menu.getByText('学时查询', { exact: true }).waitFor();
    expect(await menuLabels(menu)).toEqual([
      '首页',
      '在线学习',
      '继续教育',
      '学时查询',
      '产出法形式学时',
      '豁免学时',
      '培训通知',
    ]);
    expect(await menuLabels(submenu(menu, '继续教育'))).toEqual(['学时查询']);
    const header = page.getByTestId('header-user');
    await expect(header.textContent()).resolves.toMatch(/张明\s*执业会员\s*上海/);
    await page.getByText('您好，张明').waitFor();
    await page.getByText('138****8628').first().waitFor();
    await page.mouse.move(0, 0); // no hover highlight in the screenshot
    await page.screenshot({ path: join(screenshots, 'member-practicing.png'), fullPage: true });

    await menu.getByText('产出法形式学时', { exact: true }).click();
    await page.waitForURL(/\/member\/output-hours$/);
    await page.getByText(/年度已计入的产出法形式学时/).waitFor();
    await page.getByRole('button', { name: /新\s*增/ }).waitFor();

    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/member');
    await page.waitForURL(/\/login$/);
    await page.context().close();
  });

  test('non-practicing member sees 产出式学时 and 减免学时, 学时查询 under 继续教育', async () => {
    const page = await openPage();
    // The guard sends a visitor without a session to the login page, and back after login.
    await page.goto('/member/hours');
    await page.waitForURL(/\/login$/);
    await submitLogin(page, 'non_practicing', 'N310000000001', DEMO_PASSWORD);
    await page.waitForURL(/\/member\/hours$/);
    const menu = mainMenu(page);
    await menu.getByText('学时查询', { exact: true }).waitFor();
    expect(await menuLabels(menu)).toEqual([
      '首页',
      '在线学习',
      '继续教育',
      '学时查询',
      '交费记录',
      '产出式学时',
      '减免学时',
      '培训通知',
    ]);
    expect(await menuLabels(submenu(menu, '继续教育'))).toEqual(['学时查询', '交费记录']);
    await expect(menu.locator('[aria-current="page"]').textContent()).resolves.toBe('学时查询');
    await expect(page.getByTestId('header-user').textContent()).resolves.toMatch(/王芳\s*非执业会员\s*上海/);
    await menu.getByText('减免学时', { exact: true }).click();
    await page.waitForURL(/\/member\/exemptions$/);
    await page.getByRole('button', { name: /新\s*增/ }).waitFor();
    await page.context().close();
  });

  test('at 375 px the login page and member home fit the screen and the menu opens from the header', async () => {
    const page = await openPage(phone);
    await page.goto('/login');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);

    await submitLogin(page, 'non_practicing', 'N310000000001', DEMO_PASSWORD);
    await page.waitForURL(/\/member$/);
    await page.getByText('您好，王芳').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: join(screenshots, 'member-non-practicing-375.png'), fullPage: true });

    // No side menu on a phone: the hamburger opens it in a drawer.
    await expect(mainMenu(page).count()).resolves.toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const menu = mainMenu(page);
    await menu.getByText('在线学习', { exact: true }).click();
    await page.waitForURL(/\/member\/learning$/);
    // The institute choice, or the catalogue when a journey on a shared database chose already.
    await page.getByTestId('institute-card').or(page.getByTestId('course-card')).first().waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(phone.width);
    await page.context().close();
  });

  test('a wrong password shows the server message in Chinese and stays on the login page', async () => {
    const page = await openPage();
    await page.goto('/login');
    await submitLogin(page, 'practicing', '110000054321', 'not-the-password');
    const alert = page.getByRole('alert').filter({ hasText: '用户名或密码错误' });
    await alert.waitFor();
    expect(page.url()).toMatch(/\/login$/);
    await page.context().close();
  });

  test('after repeated failures the page shows the PNG captcha the server asks for', async () => {
    const page = await openPage();
    await page.goto('/login');
    // An unknown certificate number is counted like a real one.
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      if (i === 0) await submitLogin(page, 'practicing', '310000099999', 'not-the-password');
      else await page.getByRole('button', { name: '登录', exact: true }).click();
      answers.push((await (await answered).json()).code);
    }
    expect(answers).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'CAPTCHA_REQUIRED']);
    await page.getByRole('alert').filter({ hasText: '请输入图片验证码' }).waitFor();
    const image = page.getByRole('img', { name: '验证码' });
    await image.waitFor();
    await expect(image.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    await page.getByPlaceholder('验证码').waitFor();
    await page.context().close();
  });

  test('an empty form is refused in the browser with the shared schema messages', async () => {
    const page = await openPage();
    await page.goto('/login');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('请输入用户名').waitFor();
    await page.getByText('请输入密码').waitFor();
    await page.context().close();
  });
});

describe('staff console', { shuffle: false }, () => {
  test('national admin lands on the staff console with its menus', async () => {
    const page = await openPage();
    await loginAs(page, 'staff', 'national-admin');
    const menu = mainMenu(page);
    await menu.getByText('规则设置', { exact: true }).waitFor();
    expect(await menuLabels(menu)).toEqual([
      '首页',
      '订单管理',
      '收费标准',
      '规则设置',
      '产出项目目录',
      '报表',
      '学习计划预测',
      '年度管理',
      '会员导入',
      '面授培训登记',
      '审计日志',
      '我的导出',
    ]);
    await expect(page.getByTestId('header-user').textContent()).resolves.toMatch(/中注协管理员\s*全国/);
    await page.screenshot({ path: join(screenshots, 'staff.png') });
    await menu.getByText('报表', { exact: true }).click();
    await page.waitForURL(/\/staff\/reports$/);
    await page.getByText('全年完成曲线').waitFor();
    // A member area is not for staff: the guard sends them back to their console.
    await page.goto('/member/hours');
    await page.waitForURL(/\/staff$/);
    await page.context().close();
  });

  test('provincial reviewer sees the review workbench and no national menus', async () => {
    const page = await openPage();
    await loginAs(page, 'staff', 'sh-reviewer');
    const menu = mainMenu(page);
    await menu.getByText('产出学时审核', { exact: true }).waitFor();
    expect(await menuLabels(menu)).toEqual([
      '首页',
      '报表',
      '审核工作台',
      '产出学时审核',
      '豁免审核',
      '面授培训登记',
      '我的导出',
    ]);
    await expect(page.getByTestId('header-user').textContent()).resolves.toMatch(
      /地方注协审核人员\s*上海注协/,
    );
    await page.goto('/staff/rules');
    await page.getByText('无权访问').waitFor();
    await page.context().close();
  });
});
