import type { Deps } from '../deps.ts';
import { authService } from '../modules/auth/auth.service.ts';
import { captchaService } from '../modules/auth/captcha.service.ts';
import { is } from './argv.ts';
import type { Command } from './commands.ts';

/** `cpe staff unlock NAME`: lifts the lock that repeated failed logins put on a staff user name. */
export async function unlockStaffName(
  deps: Deps,
  username: string | undefined,
): Promise<{ code: number; out: string }> {
  if (!username) return { code: 2, out: 'Usage: cpe staff unlock NAME' };
  const auth = authService(deps, captchaService(deps));
  const unlocked = await auth.unlockStaff(username, { id: null, name: 'cpe staff unlock', ip: null });
  return unlocked
    ? { code: 0, out: `Unlocked staff user name "${username}".` }
    : { code: 1, out: `Staff user name "${username}" is not locked.` };
}

export const staffUnlockCommand: Command = {
  usage: 'staff unlock NAME',
  description: 'lift the lock that failed logins put on a staff user name',
  needsDatabase: true,
  matches: is('staff', 'unlock'),
  run: async (argv, deps) => {
    const { code, out } = await unlockStaffName(deps!, argv[2]);
    (code === 0 ? console.log : console.error)(out);
    return code;
  },
};
