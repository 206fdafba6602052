import type { Command } from './commands.ts';

export type Resolved =
  | { kind: 'help' }
  | { kind: 'unknown-command' }
  | { kind: 'unknown-options'; command: Command; options: string[] }
  | { kind: 'run'; command: Command };

/** The options a command takes: the `--words` of its usage line, which lists every one. */
const optionsOf = (command: Command) => new Set(command.usage.match(/--[a-z-]+/g) ?? []);

/**
 * What `cpe ARGV` should do. `--help` anywhere shows the usage, and an option the command does not take
 * is refused, before anything runs: a mistyped or unknown option must not start a command with its
 * defaults (`bench seed --help` would fill the database for minutes).
 */
export function resolveCommand(commands: Command[], argv: string[]): Resolved {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const command = commands.find((c) => c.matches(argv));
  if (!command) return { kind: 'unknown-command' };
  const known = optionsOf(command);
  const unknown = argv.filter((a) => a.startsWith('--') && !known.has(a));
  return unknown.length > 0
    ? { kind: 'unknown-options', command, options: unknown }
    : { kind: 'run', command };
}
