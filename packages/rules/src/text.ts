import { z } from 'zod';

/**
 * Every string of the contract is one of these two. Control characters (U+0000–U+001F, U+007F–U+009F)
 * are refused: NUL cannot be stored by PostgreSQL at all, and the others have no place in a name, a
 * number or a comment. Multi-line text (comments, answers, notes, descriptions) keeps line breaks and tabs.
 */
function hasControlCharacter(text: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (allowLineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return true;
    }
  }
  return false;
}

/** One line of text: no control characters, no line breaks, no tabs. */
export const singleLineTextSchema = z
  .string()
  .refine((s) => !hasControlCharacter(s, false), '不能包含换行、制表符等控制字符');

/** Text that may span lines: line breaks and tabs are kept, other control characters are refused. */
export const multiLineTextSchema = z
  .string()
  .refine((s) => !hasControlCharacter(s, true), '不能包含控制字符（换行和制表符除外）');
