import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { makeMember, makeStaff } from '../../../test/fixtures.ts';
import { certificateNumber, importLine, importWorkbook } from '../../../test/member-import.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const line = importLine;
const workbook = importWorkbook;

async function upload(cookie: string, file: Buffer, dryRun = false) {
  const boundary = '----cpe-import-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/admin/members/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

const memberRow = async (username: string) =>
  (
    await t.deps.db.execute<Record<string, unknown>>(
      sql`SELECT name, mobile, password_hash FROM members WHERE username = ${username}`,
    )
  ).rows[0];

describe('members import', () => {
  it('lists every broken row and saves nothing, neither the good rows', async () => {
    const admin = await makeStaff(t);
    const good = line();
    const file = await workbook([
      good,
      line({ idNumber: '310101198503011234' }), // wrong check digit
      line({ mobile: '1391234' }),
      line({ memberType: '执业会员', username: 'N310000000001' }),
      line({ province: '火星' }),
      line({ registeredOn: '2016-02-30' }),
      line({ firm: '' }),
      line({ username: good.username! }),
    ]);
    for (const dryRun of [true, false]) {
      const res = await upload(admin.cookie, file, dryRun);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.created).toBe(0);
      expect(body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
        '3:身份证号',
        '4:手机号',
        '5:会员证书编号',
        '6:地方注协',
        '7:注册日期',
        '8:会计师事务所',
        '9:会员证书编号',
      ]);
    }
    expect(await memberRow(good.username!)).toBeUndefined();
  });

  it('creates members without a password, and the same file again changes nothing', async () => {
    const admin = await makeStaff(t);
    const lines = [line(), line({ memberType: '非执业会员', username: `N${certificateNumber()}`, firm: '' })];
    const file = await workbook(lines);
    const preview = (await upload(admin.cookie, file, true)).json();
    expect(preview).toMatchObject({ dryRun: true, total: 2, created: 2, errors: [] });
    expect(await memberRow(lines[0]!.username!)).toBeUndefined();

    expect((await upload(admin.cookie, file)).json()).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const saved = await memberRow(lines[0]!.username!);
    expect(saved).toMatchObject({ name: '王小明', password_hash: null });
    expect((await upload(admin.cookie, file)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    // an imported member cannot log in until a password is set through recovery
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: {
        userType: 'practicing',
        username: lines[0]!.username,
        password: 'anything-at-all',
        captcha: '',
      },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('updates changed rows and audits each change by field name', async () => {
    const admin = await makeStaff(t);
    const first = line();
    await upload(admin.cookie, await workbook([first]));
    const res = await upload(admin.cookie, await workbook([{ ...first, mobile: '13800001111' }]));
    expect(res.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect((await memberRow(first.username!))!.mobile).toBe('13800001111');
    const { rows } = await t.deps.db.execute<{ detail: { fields: string[] } }>(sql`
      SELECT a.detail FROM audit_log a JOIN members m ON a.target = 'member:' || m.id
      WHERE a.action = 'member.import_update' AND m.username = ${first.username}`);
    expect(rows.map((r) => r.detail.fields)).toEqual([['mobile']]);
  });

  it('is for the national admin only, and refuses a file that is not the template', async () => {
    const reviewer = await makeStaff(t, { role: 'provincial_reviewer' });
    const member = await makeMember(t);
    const file = await workbook([line()]);
    expect((await upload(reviewer.cookie, file)).statusCode).toBe(403);
    expect((await upload(member.cookie, file)).statusCode).toBe(403);
    const admin = await makeStaff(t);
    const notExcel = await upload(admin.cookie, Buffer.from('name,mobile\n'));
    expect(notExcel.statusCode).toBe(400);
    expect(notExcel.json().message).toMatch(/Excel/);
    const template = await t.app.inject({
      url: '/api/admin/members/import/template',
      headers: { cookie: admin.cookie },
    });
    expect(template.statusCode).toBe(200);
    expect((await upload(admin.cookie, template.rawPayload)).json()).toMatchObject({ total: 0, errors: [] });
  });
});
