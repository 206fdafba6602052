import pg from 'pg';
import { afterAll, expect } from 'vitest';

// A pg client (a transaction's connection) runs one statement at a time: statements sent to it while
// another runs only queue, so Promise.all over one transaction gains nothing, and pg refuses it from
// version 9. Every API test file on PostgreSQL fails when its code did so (PGlite runs without pg).
const sentWhileBusy: string[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (
  this: { _queryQueue?: unknown[]; pipeline?: boolean },
  ...args: unknown[]
) {
  if ((this._queryQueue?.length ?? 0) > 0 && !this.pipeline) {
    sentWhileBusy.push(new Error('a statement sent while another ran on the same connection').stack ?? '');
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

afterAll(() => {
  expect(sentWhileBusy.slice(0, 1), 'the first statement sent to a busy connection').toEqual([]);
});
