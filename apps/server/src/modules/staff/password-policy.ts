const COMMON = [
  'password',
  'passw0rd',
  '123456',
  'qwerty',
  'admin',
  'letmein',
  'welcome',
  'abc123',
  'iloveyou',
];

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Why a new staff password is too weak, in Chinese, or null when it is acceptable: at least 12
 * characters, three of four kinds (lower case, upper case, digits, other), not the user name, not a
 * well-known password with a few characters added.
 */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `密码至少 ${MIN_PASSWORD_LENGTH} 位（当前 ${password.length} 位）`;
  if (password.length > 128) return '密码不能超过 128 位';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(password)) return '密码不能包含控制字符';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return '密码须包含小写字母、大写字母、数字、其他符号中的至少三类';
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  if (COMMON.some((w) => lower.includes(w))) return '密码包含常见弱口令，请换一个';
  if (/(.)\1{3,}/.test(password)) return '密码不能有 4 个以上连续相同的字符';
  return null;
}
