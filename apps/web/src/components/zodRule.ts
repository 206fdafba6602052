import type { FormRule } from 'antd';

/** Anything with zod's safeParse: lets a form field use the same schema as the server. */
export interface Parser {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: readonly { message: string }[] } };
}

/** An antd Form rule that reports the first Chinese message of a shared zod schema. */
export function zodRule(schema: Parser): FormRule {
  return {
    validator: async (_rule, value) => {
      const result = schema.safeParse(value ?? '');
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '输入不正确');
    },
  };
}
