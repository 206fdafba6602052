import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/database.ts';
import { arrayLiteral, type Database, type PreparedStatement, sqlLiteral } from './client.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const ECHO: PreparedStatement = {
  name: 'cpe_test_echo',
  types: ['text', 'int', 'timestamptz', 'boolean', 'jsonb'],
  text: 'SELECT $1::text AS t, $2::int AS i, $3::timestamptz AS at, $4::boolean AS b, $5::jsonb AS j',
};

describe('prepared statements', () => {
  it('pass every parameter through unchanged, quotes and backslashes included', async () => {
    const at = new Date('2024-06-30T16:00:00.000Z');
    const tricky = `O'Brien \\'; DROP TABLE members; -- 中文 "x"`;
    const [row] = await database.prepared(ECHO, [tricky, 42, at, true, JSON.stringify({ a: [1, 2] })]);
    expect(row).toEqual({ t: tricky, i: 42, at, b: true, j: { a: [1, 2] } });
    const [again] = await database.prepared(ECHO, [null, -1, null, false, null]);
    expect(again).toEqual({ t: null, i: -1, at: null, b: false, j: null });
  });

  it('can be called concurrently before the first preparation finished', async () => {
    const stmt = { ...ECHO, name: 'cpe_test_echo_concurrent' };
    const rows = await Promise.all(
      Array.from({ length: 10 }, (_, i) => database.prepared(stmt, [`r${i}`, i, null, true, null])),
    );
    expect(rows.map((r) => r[0]!.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses values that cannot be written as literals', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow();
    expect(sqlLiteral("it's")).toBe("'it''s'");
  });

  it('pass rows as array parameters, one per column, every element unchanged', async () => {
    const UNNEST: PreparedStatement = {
      name: 'cpe_test_unnest',
      types: ['text[]', 'int[]', 'timestamptz[]', 'jsonb[]'],
      text: 'SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::jsonb[]) AS u(t, i, at, j)',
    };
    const at = new Date('2024-06-30T16:00:00.000Z');
    const tricky = [`O'Brien "q" \\ {a,b} NULL`, '', 'NULL', ' 中文 ', null];
    const rows = await database.prepared(UNNEST, [
      arrayLiteral(tricky),
      arrayLiteral([1, -2, 0, 3, null]),
      arrayLiteral([at, null, at, at, at]),
      arrayLiteral([JSON.stringify([[0, 5000]]), JSON.stringify({ s: '"\\' }), null, '[]', '{}']),
    ]);
    expect(rows.map((r) => r.t)).toEqual(tricky);
    expect(rows.map((r) => r.i)).toEqual([1, -2, 0, 3, null]);
    expect(rows.map((r) => r.at)).toEqual([at, null, at, at, at]);
    expect(rows.map((r) => r.j)).toEqual([[[0, 5000]], { s: '"\\' }, null, [], {}]);
    expect(() => arrayLiteral(['a\0b'])).toThrow();
  });
});
