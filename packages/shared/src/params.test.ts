import { describe, expect, it } from 'vitest';
import { idSchema, yearSchema } from './params.ts';

describe('path and query numbers', () => {
  it('answer text that is no number with the same Chinese message as a number out of range', () => {
    for (const [schema, message] of [
      [yearSchema, '年份格式不正确'],
      [idSchema, '编号格式不正确'],
    ] as const) {
      for (const input of ['abc', '', '12x', '1.5', '0', '99999999999']) {
        const result = schema.safeParse(input);
        expect(result.success, `${message} ${input}`).toBe(false);
        expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
      }
    }
  });

  it('take the numbers they allow', () => {
    expect(yearSchema.parse('2026')).toBe(2026);
    expect(idSchema.parse('7')).toBe(7);
  });
});
