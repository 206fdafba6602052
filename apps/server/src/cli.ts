import { commands } from './cli/commands.ts';
import { loadConfig } from './config.ts';
import { databaseFailureOf, describeError } from './db/errors.ts';
import { openRuntime } from './runtime.ts';

const USAGE = `Usage: cpe <command>

${commands.map((c) => `  ${c.usage.padEnd(34)} ${c.description}`).join('\n')}
`;

async function main(argv: string[]) {
  const command = commands.find((c) => c.matches(argv));
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  if (!command.needsDatabase) return command.run(argv, null);
  const config = loadConfig();
  const deps = await openRuntime({ ...config, DEMO: false });
  try {
    return await command.run(argv, deps);
  } finally {
    await deps.database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(databaseFailureOf(e) ? describeError(e).message : e.message);
    process.exit(1);
  },
);
