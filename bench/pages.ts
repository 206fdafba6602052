import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

/**
 * What a phone downloads before a member page shows: the JavaScript and CSS the Vite manifest says the
 * page needs (its entry and every chunk it imports statically, plus the lazy chunks its route loads),
 * and any script or stylesheet index.html names outside the manifest, each weighed gzipped at level 9
 * (what the server sends to a browser without brotli).
 */
interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}

export function pageWeights(dist: string): { page: string; js: number; css: number; files: number }[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const closure = (keys: string[]) => {
    const seen = new Set<string>();
    const visit = (k: string) => {
      if (seen.has(k) || !manifest[k]) return;
      seen.add(k);
      for (const i of manifest[k]!.imports ?? []) visit(i);
    };
    keys.forEach(visit);
    return [...seen].map((k) => manifest[k]!);
  };
  // Every page starts from index.html: what it loads besides the entry (the first-paint script).
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const named = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  const weigh = (page: string, keys: string[]) => {
    const chunks = closure(keys);
    const files = new Set([...named, ...chunks.flatMap((c) => [c.file, ...(c.css ?? [])])]);
    let js = 0;
    let css = 0;
    for (const f of files) {
      const size = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
      if (f.endsWith('.css')) css += size;
      else js += size;
    }
    return { page, js, css, files: files.size };
  };
  return [
    weigh('login', ['index.html']),
    // The member home: the member layout and the home page (plain, no antd; the route guard is in the
    // entry).
    weigh('member-home', [
      'index.html',
      'src/layouts/MemberLayout.tsx',
      'src/features/member/MemberHomePage.tsx',
    ]),
  ];
}

/**
 * Lighthouse's mobile performance score of a page of a running server (lighthouse pinned in the root
 * package, Debian's Chromium). Null with a reason when Chromium is missing or the run fails.
 */
export async function lighthouseScore(
  url: string,
  extraHeaders?: Record<string, string>,
): Promise<{ score: number | null; note?: string; fcpMs?: number }> {
  const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chrome)) return { score: null, note: `no Chromium at ${chrome}` };
  const bin = new URL('../node_modules/.bin/lighthouse', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'cpe-lh-'));
  const out = join(dir, 'report.json');
  try {
    const args = [
      url,
      '--only-categories=performance',
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ];
    if (extraHeaders) args.push(`--extra-headers=${JSON.stringify(extraHeaders)}`);
    await promisify(execFile)(bin, args, { env: { ...process.env, CHROME_PATH: chrome }, timeout: 180_000 });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return {
      score: Math.round(report.categories.performance.score * 100),
      fcpMs: report.audits['first-contentful-paint']?.numericValue,
    };
  } catch (e) {
    return { score: null, note: `lighthouse failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
