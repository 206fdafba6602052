import pg from 'pg';
import { afterAll, expect } from 'vitest';

// A pg client (a transaction's connection) runs one statement at a time: statements sent to it while
// another runs only queue, so Promise.all over one transaction gains nothing, and pg refuses it from
// version 9. Every API test file on PostgreSQL fails when its code did so (PGlite runs without pg).
// A client is busy from sending a statement (`_activeQuery`) until the server is ready for the next,
// and while statements wait in its queue (`_queryQueue`): of two statements sent together the second
// finds the first active, of three the third also finds the second queued. The report names both
// statements, since the stack rarely reaches the code that sent them together.
const sentWhileBusy: string[] = [];
const textOf = (q: unknown) =>
  String((typeof q === 'string' ? q : (q as { text?: unknown } | undefined)?.text) ?? '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (
  this: { _activeQuery?: unknown; _queryQueue?: unknown[]; pipeline?: boolean },
  ...args: unknown[]
) {
  const busyWith = this._activeQuery ?? this._queryQueue?.[0];
  if (busyWith && !this.pipeline) {
    sentWhileBusy.push(
      `${textOf(args[0])}\n  sent while this ran on the same connection: ${textOf(busyWith)}\n${new Error().stack ?? ''}`,
    );
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

afterAll(() => {
  expect(sentWhileBusy.slice(0, 1), 'the first statement sent to a busy connection').toEqual([]);
});
