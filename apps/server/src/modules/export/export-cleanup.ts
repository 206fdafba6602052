import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../../deps.ts';
import type { JobDefinition } from '../../jobs/registry.ts';
import { expireExportsBefore, failedExportIds, liveExportFiles } from './export.repository.ts';
import { exportDir } from './export.service.ts';

const HOUR_MS = 3_600_000;

/** The export id in `export-<id>-<random>.xlsx[.part]`, the names the worker writes. */
const exportIdOf = (name: string) => {
  const m = /^export-(\d+)-/.exec(name);
  return m ? Number(m[1]) : null;
};

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/**
 * Export files are kept EXPORT_RETENTION_HOURS after they are finished: older ones are deleted and their
 * rows marked expired. Files of failed exports go at once; files no row wants any more (a crash between
 * the two steps, a lost row) go once they are older than the retention. Running it again changes nothing.
 */
export async function cleanExports(deps: Deps) {
  const { db, clock, config } = deps;
  const dir = exportDir(deps);
  const cutoff = new Date(clock.now().getTime() - config.EXPORT_RETENTION_HOURS * HOUR_MS);
  const expired = await expireExportsBefore(db, cutoff);
  for (const name of expired) await rm(join(dir, name), { force: true });

  const names = await listFiles(dir);
  const live = await liveExportFiles(db);
  const ids = names.map(exportIdOf).filter((id): id is number => id !== null);
  const failed = await failedExportIds(db, ids);
  let failedFiles = 0;
  let orphans = 0;
  for (const name of names) {
    const id = exportIdOf(name);
    if (live.files.has(name) || (id !== null && live.writing.has(id))) continue;
    if (id !== null && failed.has(id)) {
      await rm(join(dir, name), { force: true });
      failedFiles++;
    } else if ((await stat(join(dir, name))).mtime < cutoff) {
      await rm(join(dir, name), { force: true });
      orphans++;
    }
  }
  return { expired: expired.length, failedFiles, orphans, cutoff: cutoff.toISOString() };
}

export const exportCleanupJob: JobDefinition = {
  name: 'export-cleanup',
  schedule: '15 4 * * *',
  description: '删除超过保留期限的导出文件（标记为已过期）、失败导出的文件和无主文件',
  run: cleanExports,
};
