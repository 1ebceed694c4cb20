#!/usr/bin/env node
// Compiles the custom server (server/main.ts and what it imports from server/ and lib/) into one ESM file,
// build/server/main.mjs, with npm packages left external. Production runs it with plain node: under the
// tsx loader, h5wasm's 4 MB one-line module alone kept ~0.5 GB resident (docs/performance.md).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts'],
  outfile: 'build/server/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('server compiled to build/server/main.mjs');
