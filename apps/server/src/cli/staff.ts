import { userInfo } from 'node:os';
import { staffRoles } from '@cpe/shared';
import { staffService } from '../modules/staff/staff.service.ts';
import { is, option } from './argv.ts';
import type { Command } from './commands.ts';

/** The whole of standard input, without its final line break. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password, then press Enter and Ctrl-D:');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const operator = () => {
  try {
    return { name: `cli:${userInfo().username}` };
  } catch {
    return { name: 'cli' };
  }
};

const CREATE_USAGE = `Usage: cpe staff create --role ROLE --username NAME --password-stdin [--name 姓名] [--province CODE] [--institute CODE]
  ROLE: ${staffRoles.join(' | ')}; --province for provincial_reviewer (e.g. 31), --institute for institute_admin (bnai | snai | xnai)`;

/** Staff accounts from the command line (the first national admin of an installation starts here). */
export const staffCommands: Command[] = [
  {
    usage: 'staff create --role R --username N --password-stdin [--name N] [--province P] [--institute I]',
    description: 'create a staff account; the password is read from standard input',
    needsDatabase: true,
    matches: is('staff', 'create'),
    run: async (argv, deps) => {
      const role = option(argv, '--role');
      const username = option(argv, '--username');
      if (!role || !username || !argv.includes('--password-stdin')) {
        console.error(CREATE_USAGE);
        return 2;
      }
      const password = await readStdin();
      const created = await staffService(deps!).create(
        {
          role,
          username,
          name: option(argv, '--name'),
          province: option(argv, '--province'),
          institute: option(argv, '--institute'),
          password,
        },
        operator(),
      );
      console.log(
        `Created staff account ${created.username} (${created.role}${created.province ? `, ${created.province}` : ''}${created.institute ? `, ${created.institute}` : ''}).`,
      );
      return 0;
    },
  },
  {
    usage: 'staff disable NAME',
    description: 'disable a staff account and end its sessions',
    needsDatabase: true,
    matches: is('staff', 'disable'),
    run: async (argv, deps) => {
      const username = argv[2];
      if (!username) {
        console.error('Usage: cpe staff disable NAME');
        return 2;
      }
      const done = await staffService(deps!).disable(username, operator());
      console.log(`Disabled staff account ${done.username}; ended ${done.sessionsEnded} session(s).`);
      return 0;
    },
  },
];
