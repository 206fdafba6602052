import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { feeService } from '../modules/fee/fee.service.ts';
import { rulesService } from '../modules/rules/rules.service.ts';
import { is, option } from './argv.ts';
import type { Command } from './commands.ts';

const USAGE = 'Usage: cpe fees set --year YYYY --institute ID --yuan 80.00   (or --fen 8000)';

/** Fen from `--fen 8000` or `--yuan 80.00` (at most two decimals), else null. */
export function amountFen(argv: string[]): number | null {
  const fen = option(argv, '--fen');
  if (fen !== undefined) return /^\d+$/.test(fen) ? Number(fen) : null;
  const yuan = option(argv, '--yuan');
  const m = yuan === undefined ? null : /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null;
}

/** `cpe fees set` / `cpe fees show`: the fee schedule per institute and year (national admin's data). */
export const feesCommands: Command[] = [
  {
    usage: 'fees set --year YYYY --institute ID (--yuan 80.00 | --fen 8000)',
    description: "set an institute's learning fee for a year (seen by every process at once)",
    needsDatabase: true,
    matches: is('fees', 'set'),
    run: async (argv, deps) => {
      const year = Number(option(argv, '--year'));
      const instituteId = Number(option(argv, '--institute'));
      const fen = amountFen(argv);
      if (!Number.isInteger(year) || year < 2000 || !Number.isInteger(instituteId) || !fen) {
        console.error(USAGE);
        return 2;
      }
      return print(deps!, () =>
        feeService(deps!, rulesService(deps!)).setFee(
          { type: 'system', id: null, name: 'cpe fees set' },
          { year, instituteId, amountFen: fen },
        ),
      );
    },
  },
  {
    usage: 'fees show --year YYYY',
    description: 'show the learning fee of every institute for a year',
    needsDatabase: true,
    matches: is('fees', 'show'),
    run: async (argv, deps) => {
      const year = Number(option(argv, '--year'));
      if (!Number.isInteger(year) || year < 2000) {
        console.error('Usage: cpe fees show --year YYYY');
        return 2;
      }
      return print(deps!, () => feeService(deps!, rulesService(deps!)).schedule(year));
    },
  },
];

async function print(_deps: Deps, load: () => ReturnType<ReturnType<typeof feeService>['schedule']>) {
  try {
    const s = await load();
    for (const i of s.items) {
      console.log(
        `${s.year}  ${i.instituteId}  ${i.instituteName}  ${(i.amountFen / 100).toFixed(2)}  ${i.scheduled ? 'set' : 'default'}`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
