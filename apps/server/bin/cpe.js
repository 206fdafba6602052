#!/usr/bin/env node
// The `cpe` command. With NODE_ENV=production it runs the build (`npm run build` first), like the
// server; otherwise it runs the TypeScript sources through tsx, so development needs no build step.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(built)) {
    console.error('cpe: apps/server/dist/cli.js is missing; run `npm run build` first.');
    process.exit(1);
  }
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
