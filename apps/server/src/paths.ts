import { fileURLToPath } from 'node:url';

/**
 * Files the server reads at run time, found from the server package folder. This module sits directly
 * in `src/`, and the build bundles it into files directly in `dist/`, so `..` is `apps/server/` both
 * when the sources run (tsx, tests) and when the build runs (`node apps/server/dist/main.js`).
 */
const serverRoot = new URL('../', import.meta.url);

export const paths = {
  /** The SQL migrations, applied in name order (the build does not copy them: one copy, in src). */
  migrations: fileURLToPath(new URL('src/db/migrations/', serverRoot)),
  /** The lesson video files. */
  videos: fileURLToPath(new URL('assets/videos/', serverRoot)),
  /** The built web app (`npm run build -w @cpe/web`). */
  web: fileURLToPath(new URL('../web/dist/', serverRoot)),
};
