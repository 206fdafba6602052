import { describe, expect, it } from 'vitest';
import { evaluationRequestSchema, loginRequestSchema } from './index.ts';
import { multiLineTextSchema, singleLineTextSchema } from './text.ts';

const controls = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
];

describe('contract strings', () => {
  it('refuse NUL and the other control characters, with a Chinese message', () => {
    for (const schema of [singleLineTextSchema, multiLineTextSchema]) {
      for (const c of controls) {
        const result = schema.safeParse(`前${c}后`);
        expect(result.success, JSON.stringify(c)).toBe(false);
        expect(result.error?.issues[0]?.message).toMatch(/控制字符/);
      }
    }
  });

  it('keep line breaks and tabs in multi-line text only', () => {
    for (const c of ['\n', '\r\n', '\t']) {
      expect(multiLineTextSchema.parse(`第一行${c}第二行`)).toBe(`第一行${c}第二行`);
      expect(singleLineTextSchema.safeParse(`第一行${c}第二行`).success).toBe(false);
    }
  });

  it('accept ordinary text of any script', () => {
    for (const s of ['', '张明', 'Demo#2024pass', '中注协 😀 ½ — “引号”', '\u00a0\u00ff\u2028']) {
      expect(singleLineTextSchema.parse(s)).toBe(s);
      expect(multiLineTextSchema.parse(s)).toBe(s);
    }
  });

  it('are what the request schemas use', () => {
    const login = { userType: 'practicing', username: '3100\u000000012345', password: 'x' };
    expect(loginRequestSchema.safeParse(login).success).toBe(false);
    expect(evaluationRequestSchema.safeParse({ rating: 5, comment: '好\u0000' }).success).toBe(false);
    expect(evaluationRequestSchema.safeParse({ rating: 5, answers: { q1: '\u0000' } }).success).toBe(false);
    expect(evaluationRequestSchema.parse({ rating: 5, comment: '很好\n讲得清楚' }).comment).toBe(
      '很好\n讲得清楚',
    );
  });
});
