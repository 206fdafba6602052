import { join } from 'node:path';
import { repoRoot } from './server.ts';

/**
 * Where the journeys put their screenshots: an ignored folder on every run, so a test run leaves the
 * working tree clean; `docs/screenshots/` (the pictures the README shows) only with UPDATE_SCREENSHOTS=1.
 */
export const screenshots =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(repoRoot, 'docs', 'screenshots')
    : join(repoRoot, 'e2e', '.screens');
