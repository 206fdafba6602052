import { AppError } from '../errors.ts';
import { integrationKeys } from '../modules/integration/integration.keys.ts';
import { is, option } from './argv.ts';
import type { Command } from './commands.ts';

/** `cpe integration create-key | list | disable`: the institutes' keys of the integration API. */
export const integrationCommands: Command[] = [
  {
    usage: 'integration create-key --institute CODE',
    description: 'issue an integration API key for an institute (the secret is printed once)',
    needsDatabase: true,
    matches: is('integration', 'create-key'),
    run: async (argv, deps) => {
      const code = option(argv, '--institute');
      if (!code) {
        console.error('Usage: cpe integration create-key --institute CODE');
        return 2;
      }
      try {
        const key = await integrationKeys(deps!).create(code, 'cpe integration create-key');
        console.log(`key id:  ${key.keyId}`);
        console.log(`secret:  ${key.secret}`);
        console.log('The secret is shown only now: hand it to the institute over a safe channel.');
        return 0;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        console.error(e.message);
        return 1;
      }
    },
  },
  {
    usage: 'integration list',
    description: 'list integration API keys with their institute and state (never the secret)',
    needsDatabase: true,
    matches: is('integration', 'list'),
    run: async (_argv, deps) => {
      for (const k of await integrationKeys(deps!).list()) {
        const state = k.disabledAt ? `disabled ${k.disabledAt.toISOString()}` : 'enabled';
        console.log(`${k.keyId}  ${k.instituteCode}  ${k.createdAt.toISOString()}  ${state}`);
      }
      return 0;
    },
  },
  {
    usage: 'integration disable KEY_ID',
    description: 'disable an integration API key: its requests are refused from now on',
    needsDatabase: true,
    matches: is('integration', 'disable'),
    run: async (argv, deps) => {
      const keyId = argv[2];
      if (!keyId) {
        console.error('Usage: cpe integration disable KEY_ID');
        return 2;
      }
      const done = await integrationKeys(deps!).disable(keyId, 'cpe integration disable');
      (done ? console.log : console.error)(done ? `Disabled ${keyId}.` : `No enabled key ${keyId}.`);
      return done ? 0 : 1;
    },
  },
];
