import { commands } from './cli/commands.ts';
import { resolveCommand } from './cli/resolve.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseUrlError } from './db/connect-error.ts';
import { databaseFailureOf, describeError } from './db/errors.ts';
import { DataDirLockedError } from './db/lock.ts';
import { AppError } from './errors.ts';
import { openRuntime } from './runtime.ts';

const USAGE = `Usage: cpe <command>

${commands.map((c) => `  ${c.usage.padEnd(52)} ${c.description}`).join('\n')}
`;

async function main(argv: string[]) {
  const resolved = resolveCommand(commands, argv);
  if (resolved.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (resolved.kind === 'unknown-command') {
    console.error(USAGE);
    return 2;
  }
  if (resolved.kind === 'unknown-options') {
    console.error(`unknown option ${resolved.options.join(', ')}; usage: cpe ${resolved.command.usage}`);
    return 2;
  }
  const { command } = resolved;
  if (!command.needsDatabase) return command.run(argv, null);
  const config = loadConfig();
  const deps = await openRuntime({ ...config, DEMO: false }, { migrate: command.migrates !== false });
  try {
    return await command.run(argv, deps);
  } finally {
    await deps.database.close();
  }
}

const known = [ConfigError, DatabaseUrlError, DataDirLockedError, AppError];

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    // Expected failures are one line; a database failure shows its code and statement, never its values;
    // anything else keeps its stack for the operator to report.
    if (databaseFailureOf(e)) console.error(describeError(e).message);
    else console.error(known.some((k) => e instanceof k) ? e.message : (e.stack ?? e.message));
    process.exit(1);
  },
);
