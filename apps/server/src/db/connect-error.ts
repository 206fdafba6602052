/** The start cannot go on: the message is one line for the operator, printed without a stack. */
export class DatabaseUrlError extends Error {}

const where = (databaseUrl: string) => {
  try {
    const u = new URL(databaseUrl);
    return { host: `${u.hostname}:${u.port || '5432'}`, database: decodeURIComponent(u.pathname.slice(1)) };
  } catch {
    return { host: '?', database: '?' };
  }
};

/**
 * Turns the first connection's failure into one line naming DATABASE_URL and the cause (never the
 * password). PostgreSQL codes: 3D000 unknown database, 28000 unknown role, 28P01 wrong password.
 */
export function describeConnectError(e: unknown, databaseUrl: string): Error {
  const { host, database } = where(databaseUrl);
  const err = e as { code?: string; message?: string };
  const cause = (() => {
    switch (err.code) {
      case 'ECONNREFUSED':
        return `cannot reach the database server at ${host} (connection refused)`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot resolve the database host of ${host}`;
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `cannot reach the database server at ${host} (${err.code})`;
      case '3D000':
        return `the database "${database}" does not exist on ${host}`;
      case '28000':
      case '28P01':
        return `the server at ${host} refused the login: ${err.message}`;
      default:
        if (/timeout/i.test(err.message ?? ''))
          return `no answer from the database server at ${host} (timeout)`;
        return `cannot use the database at ${host}: ${(err.message ?? String(e)).split('\n')[0]}`;
    }
  })();
  return new DatabaseUrlError(`DATABASE_URL: ${cause}`);
}
