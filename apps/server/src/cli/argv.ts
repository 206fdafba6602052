/** A matcher for commands that start with these words: `is('jobs', 'run')`. */
export const is =
  (...words: string[]) =>
  (argv: string[]) =>
    words.every((w, i) => argv[i] === w);

/** The value after `--name`, if given. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
