import { describe, expect, it } from 'vitest';
import { commands } from './commands.ts';
import { resolveCommand } from './resolve.ts';

const resolve = (line: string) => resolveCommand(commands, line.split(' '));

describe('cpe command line', () => {
  it('shows the usage for --help, also after a command that would otherwise run', () => {
    expect(resolve('--help').kind).toBe('help');
    expect(resolve('bench seed --help').kind).toBe('help');
    expect(resolve('migrate -h').kind).toBe('help');
  });

  it('refuses an option the command does not take, naming it', () => {
    expect(resolve('bench seed --members 1000 --sede 3')).toMatchObject({
      kind: 'unknown-options',
      command: { usage: expect.stringMatching(/^bench seed/) },
      options: ['--sede'],
    });
    expect(resolve('migrate --statsu')).toMatchObject({ kind: 'unknown-options', options: ['--statsu'] });
  });

  it('runs a command with the options its usage lists, values included', () => {
    expect(resolve('bench seed --members 1000 --seed 2 --unposted 10')).toMatchObject({ kind: 'run' });
    expect(resolve('migrate --status')).toMatchObject({
      kind: 'run',
      command: { usage: 'migrate --status' },
    });
    expect(
      resolve(
        'staff create --role provincial_reviewer --username sh2 --password-stdin --name 王 --province 31',
      ),
    ).toMatchObject({ kind: 'run' });
    expect(resolve('fees set --year 2026 --institute 2 --fen -100')).toMatchObject({ kind: 'run' });
    expect(resolve('nothing here').kind).toBe('unknown-command');
  });
});
