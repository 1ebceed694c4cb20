#!/usr/bin/env node
// Compiles the scan simulator (scripts/simulator/cli.ts) into one ESM file, build/simulator/cli.mjs, for
// plain node: the demo profile of docker-compose runs it without tsx or the TypeScript sources. The
// production dependencies (ioredis, h5wasm...) stay external, as the server's; what only the simulator
// uses (commander, ulid: devDependencies) is bundled in, so the production node_modules is enough.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? 'build/simulator/cli.mjs';
const production = Object.keys(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).dependencies);
await build({
  absWorkingDir: root,
  entryPoints: ['scripts/simulator/cli.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: production.flatMap((name) => [name, `${name}/*`]),
  // commander is CommonJS: its require() calls of Node built-ins need a require in an ES module.
  banner: { js: "import { createRequire as __lanternRequire } from 'node:module'; const require = __lanternRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`simulator compiled to ${outfile}`);
