import { readFileSync } from 'node:fs';
import { evaluateScenario, RuleInputError, resolveRuleSet, uncertainFigures } from '@cpe/rules';
import type { Deps } from '../deps.ts';
import { rulesService } from '../modules/rules/rules.service.ts';
import { is, option } from './argv.ts';
import type { Command } from './commands.ts';

/** Reads a scenario file and prints the decision; invalid input is one line on stderr and exit 1. */
export function evaluateFile(path: string | undefined): { code: number; out: string } {
  if (!path) return { code: 2, out: 'Usage: cpe rules evaluate FILE' };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return { code: 1, out: `${path}: ${reason}` };
  }
  try {
    return { code: 0, out: JSON.stringify(evaluateScenario(json), null, 2) };
  } catch (e) {
    if (e instanceof RuleInputError) return { code: 1, out: `${path}: ${e.message}` };
    throw e;
  }
}

export const rulesCommands: Command[] = [
  {
    usage: 'rules evaluate FILE',
    description: 'evaluate a rule scenario file with the national default rules; print the decision',
    needsDatabase: false,
    matches: is('rules', 'evaluate'),
    run: async (argv) => {
      const { code, out } = evaluateFile(argv[2]);
      (code === 0 ? console.log : console.error)(out);
      return code;
    },
  },
  {
    usage: 'rules show --year Y --type T [--province P]',
    description: 'print the rule set in use for a year and member type (practicing | non_practicing)',
    needsDatabase: true,
    matches: is('rules', 'show'),
    run: async (argv, deps: Deps | null) => {
      const year = Number(option(argv, '--year'));
      const type = option(argv, '--type');
      const province = option(argv, '--province');
      if (!Number.isInteger(year) || (type !== 'practicing' && type !== 'non_practicing')) {
        console.error('Usage: cpe rules show --year 2024 --type practicing|non_practicing [--province 31]');
        return 2;
      }
      const loaded = await rulesService(deps!).load(year);
      if (!loaded) {
        console.error(`No rules for ${year}`);
        return 1;
      }
      const ruleSet = resolveRuleSet(loaded.data, { year, memberType: type, province });
      const catalogue = loaded.data.catalogue.filter((c) => c.memberTypes.includes(type));
      const uncertain = uncertainFigures({ ...loaded.data, catalogue });
      console.log(JSON.stringify({ version: loaded.version, ruleSet, catalogue, uncertain }, null, 2));
      return 0;
    },
  },
];
