import { describe, expect, it } from 'vitest';
import { flameGraphSvg, foldPerfScript } from './flamegraph.ts';

// Two samples of the server (pid 42), one of another process, as `perf script` prints them.
const perfScript = `node 42  1666.048403:    1001001 cpu-clock:ppp: 
\t    7f9e5a855646 JS:*parseRow /srv/node_modules/pg/lib/result.js:63+0x1786 (/tmp/perf-42.map)
\t    7f9e5aa4ae01 LazyCompile:~onRequest /srv/apps/server/dist/main.js:10:2+0x741 (/tmp/perf-42.map)
\t          7bbbe6 node::SpinEventLoopInternal+0x156 (/usr/bin/node)

node 42  1666.049403:    1001001 cpu-clock:ppp: 
\t    7f9e5aa4ae01 LazyCompile:~onRequest /srv/apps/server/dist/main.js:10:2+0x741 (/tmp/perf-42.map)
\t          7bbbe6 node::SpinEventLoopInternal+0x156 (/usr/bin/node)

postgres 77  1666.050403:    1001001 cpu-clock:ppp: 
\t          5e1e01 ExecScan+0x21 (/usr/lib/postgresql/15/bin/postgres)
`;

describe('flame graph', () => {
  it('folds the samples of one process into stacks, root first, with readable frame names', () => {
    expect([...foldPerfScript(perfScript, 42)]).toEqual([
      ['node::SpinEventLoopInternal;onRequest apps/server/dist/main.js:10:2;parseRow pg/lib/result.js:63', 1],
      ['node::SpinEventLoopInternal;onRequest apps/server/dist/main.js:10:2', 1],
    ]);
    expect(foldPerfScript(perfScript).size).toBe(3);
  });

  it('draws each function as wide as its share of the samples', () => {
    const svg = flameGraphSvg(foldPerfScript(perfScript, 42), 'GET /api/me', 1020);
    expect(svg).toContain('GET /api/me (2 samples)');
    const width = (name: string) =>
      Number(new RegExp(`<title>${name} [^<]*</title><rect [^>]*width="([\\d.]+)"`).exec(svg)?.[1]);
    expect(width('all')).toBe(1000);
    expect(width('onRequest apps/server/dist/main.js:10:2')).toBe(1000);
    expect(width('parseRow pg/lib/result.js:63')).toBe(500);
  });
});
