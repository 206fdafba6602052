import { singleLineTextSchema } from './text.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of an 18-digit resident ID (GB 11643-1999) from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

export const isValidMobile = (m: string) => /^1[3-9]\d{9}$/.test(m);

/** 138****8628 */
export const maskMobile = (m: string) => (m.length >= 11 ? `${m.slice(0, 3)}****${m.slice(-4)}` : '****');

/** First 3 and last 4 characters of an ID number. */
export const maskIdNumber = (id: string) =>
  id.length > 7 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}` : '****';

export const practicingUsernamePattern = /^\d{12}$/;
export const nonPracticingUsernamePattern = /^N\d{12}$/;
export const staffUsernamePattern = /^[a-z][a-z0-9-]{2,39}$/;

export const idNumberSchema = singleLineTextSchema.refine(isValidIdNumber, '身份证号码格式或校验位不正确');
export const mobileSchema = singleLineTextSchema.refine(isValidMobile, '手机号码应为 11 位数字');
