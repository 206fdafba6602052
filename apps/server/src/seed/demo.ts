import { idCheckChar } from '@cpe/shared';
import { inArray, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { firms, loginFailures } from '../db/schema/index.ts';
import { hashParams, hashPassword } from '../modules/auth/password.ts';

export const DEMO_PASSWORD = 'Demo#2024pass';

const idNumber = (first17: string) => first17 + idCheckChar(first17);

const DEMO_FIRMS = [
  { name: '上海立信会计师事务所（演示）', provinceCode: '31' },
  { name: '北京中天会计师事务所（演示）', provinceCode: '11' },
  { name: '广州华南会计师事务所（演示）', provinceCode: '44' },
];

export const DEMO_MEMBERS = [
  {
    memberType: 'practicing',
    username: '310000012345',
    name: '张明',
    idNumber: idNumber('31010119850315123'),
    mobile: '13812348628',
    provinceCode: '31',
    firm: DEMO_FIRMS[0]!.name,
    registeredOn: '2012-03-01',
  },
  {
    memberType: 'practicing',
    username: '110000054321',
    name: '李华',
    idNumber: idNumber('11010519900708241'),
    mobile: '13911112222',
    provinceCode: '11',
    firm: DEMO_FIRMS[1]!.name,
    registeredOn: '2016-09-12',
  },
  {
    memberType: 'non_practicing',
    username: 'N310000000001',
    name: '王芳',
    idNumber: idNumber('31010419920228004'),
    mobile: '13700001234',
    provinceCode: '31',
    firm: null,
    registeredOn: '2019-05-20',
  },
  // A second non-practicing member, so the fee can be paid in one demo journey and still be unpaid in another.
  {
    memberType: 'non_practicing',
    username: 'N310000000002',
    name: '赵敏',
    idNumber: idNumber('31010519950611002'),
    mobile: '13700005678',
    provinceCode: '31',
    firm: null,
    registeredOn: '2020-04-10',
  },
  // Four more practicing members in 上海, to try sign-up races for the last places of a training by hand.
  ...(['12346', '12347', '12348', '12349'] as const).map((n, i) => ({
    memberType: 'practicing' as const,
    username: `3100000${n}` as const,
    name: (['陈晨', '刘洋', '赵敏', '孙磊'] as const)[i]!,
    idNumber: idNumber(`3101011988010${i + 1}12`.padEnd(17, '3')),
    mobile: `1381234${String(8630 + i)}`,
    provinceCode: '31' as const,
    firm: DEMO_FIRMS[0]!.name,
    registeredOn: '2014-06-01',
  })),
] as const;

export const DEMO_STAFF = [
  {
    username: 'national-admin',
    name: '中注协管理员',
    role: 'national_admin',
    provinceCode: null,
    instituteId: null,
  },
  {
    username: 'sh-reviewer',
    name: '上海注协审核员',
    role: 'provincial_reviewer',
    provinceCode: '31',
    instituteId: null,
  },
  {
    username: 'bj-reviewer',
    name: '北京注协审核员',
    role: 'provincial_reviewer',
    provinceCode: '11',
    instituteId: null,
  },
  {
    username: 'bnai-admin',
    name: '北京国家会计学院管理员',
    role: 'institute_admin',
    provinceCode: null,
    instituteId: 1,
  },
  {
    username: 'snai-admin',
    name: '上海国家会计学院管理员',
    role: 'institute_admin',
    provinceCode: null,
    instituteId: 2,
  },
  { username: 'sysadmin', name: '系统管理员', role: 'system_admin', provinceCode: null, instituteId: null },
] as const;

/**
 * Creates (or re-creates) the demo firms and accounts: passwords reset, locks cleared. Never runs in
 * production (AUTH-6): the caller checks DEMO, and this refuses production on its own too.
 */
export async function seedDemoAccounts(db: Db, config: Config) {
  if (config.NODE_ENV === 'production') throw new Error('Demo accounts are never created in production');
  const passwordHash = await hashPassword(DEMO_PASSWORD, hashParams(config));
  await db.transaction(async (tx) => {
    await tx.insert(firms).values(DEMO_FIRMS).onConflictDoNothing();
    for (const m of DEMO_MEMBERS) {
      await tx.execute(sql`
        INSERT INTO members (member_type, username, name, id_number, mobile, province_code, firm_id, registered_on, password_hash)
        VALUES (${m.memberType}, ${m.username}, ${m.name}, ${m.idNumber}, ${m.mobile}, ${m.provinceCode},
                (SELECT id FROM firms WHERE name = ${m.firm}), ${m.registeredOn}, ${passwordHash})
        ON CONFLICT (username) DO UPDATE SET
          member_type = EXCLUDED.member_type, name = EXCLUDED.name, id_number = EXCLUDED.id_number,
          mobile = EXCLUDED.mobile, province_code = EXCLUDED.province_code, firm_id = EXCLUDED.firm_id,
          registered_on = EXCLUDED.registered_on, password_hash = EXCLUDED.password_hash,
          disabled = false`);
    }
    for (const s of DEMO_STAFF) {
      await tx.execute(sql`
        INSERT INTO staff (username, name, role, province_code, institute_id, password_hash)
        VALUES (${s.username}, ${s.name}, ${s.role}, ${s.provinceCode}, ${s.instituteId}, ${passwordHash})
        ON CONFLICT (username) DO UPDATE SET
          name = EXCLUDED.name, role = EXCLUDED.role, province_code = EXCLUDED.province_code,
          institute_id = EXCLUDED.institute_id, password_hash = EXCLUDED.password_hash,
          disabled = false`);
    }
    // Re-seeding also lifts the demo names' login failures and locks.
    const names = [...DEMO_MEMBERS, ...DEMO_STAFF].map((a) => a.username.toLowerCase());
    await tx.delete(loginFailures).where(inArray(loginFailures.username, names));
  });
}

export function demoAccountsTable(): string {
  const rows = [
    ...DEMO_MEMBERS.map((m) => [
      m.memberType === 'practicing' ? '执业会员' : '非执业会员',
      m.username,
      m.name,
    ]),
    ...DEMO_STAFF.map((s) => ['管理人员', s.username, s.name]),
  ];
  return [
    `Demo accounts (password for all: ${DEMO_PASSWORD})`,
    ...rows.map(([type, user, name]) => `  ${type!.padEnd(6, '　')} ${user!.padEnd(16)} ${name}`),
  ].join('\n');
}
