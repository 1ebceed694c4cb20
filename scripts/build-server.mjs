#!/usr/bin/env node
// Compiles the custom server (server/main.ts and what it imports from server/ and lib/) into one ESM file,
// build/server/main.mjs, with npm packages left external. Production runs it with plain node: under the
// tsx loader, h5wasm's 4 MB one-line module alone kept ~0.5 GB resident (docs/performance.md).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
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
  plugins: [
    {
      // A package's package.json (plotly's version, for its URL) is inlined: plain node would need an
      // import attribute that esbuild drops from external imports.
      name: 'inline-package-json',
      setup(b) {
        const require = createRequire(import.meta.url);
        b.onResolve({ filter: /\/package\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path) }));
      },
    },
  ],
  logLevel: 'warning',
});
console.log('server compiled to build/server/main.mjs');
