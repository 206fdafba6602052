// Compiles the server to plain JavaScript in dist/ (main.js, cli.js): the workspace packages
// (@cpe/rules, @cpe/shared) are bundled in, every package from node_modules stays an import.
// Migrations, videos and the web app are read from their folders at run time (src/paths.ts).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const outdir = process.argv[2] ?? `${root}dist`;

/** Bare imports are external unless they are one of our workspace packages. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@cpe/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}src/main.ts`, cli: `${root}src/cli.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  // Chunks sit beside main.js and cli.js: src/paths.ts relies on being one level below apps/server.
  chunkNames: 'shared-[hash]',
  plugins: [externalPackages],
  logLevel: 'warning',
});
console.log(`Built the server into ${outdir}`);
