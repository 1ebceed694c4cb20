/**
 * Production dependencies are what `npm start` and the pages import, nothing else; the simulator's image
 * runs its compiled file on them alone.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { Scan } from '../lib/blissdata/scan';
import { importGraph } from '../testing/import-graph';
import { withRedis } from '../testing/redis-fixture';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const production = new Set(Object.keys(pkg.dependencies));

/** Production dependencies no module imports by name, each with the reason it is one. */
const NOT_IMPORTED: Record<string, string> = {
  'h5wasm-plugins': 'its filter plugins are loaded by path (server/files/hdf5-plugins.ts)',
  '@stdlib/math-base-special-erf': 'lib/analysis/fit, browser code not yet on a page',
  'ml-levenberg-marquardt': 'lib/analysis/fit, browser code not yet on a page',
  'ml-matrix': 'lib/analysis/fit, browser code not yet on a page',
};

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

/** Packages imported by what the production server (server/main.ts) and the pages (app/) reach. */
function packagesOfProduction(): Map<string, string> {
  const graph = importGraph(root, ['app', 'components', 'lib', 'server']);
  const reached = new Set<string>();
  const todo = ['server/main.ts', ...[...graph.keys()].filter((f) => f.startsWith('app/'))];
  while (todo.length) {
    const file = todo.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    todo.push(...(graph.get(file) ?? []));
  }
  const packages = new Map<string, string>();
  for (const file of reached) {
    for (const { fileName } of ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.') || fileName.startsWith('@/') || isBuiltin(fileName)) continue;
      packages.set(packageOf(fileName), file);
    }
  }
  return packages;
}

describe('production dependencies', () => {
  const used = packagesOfProduction();

  it('include every package the server and the pages import', () => {
    expect([...used].filter(([name]) => !production.has(name)).map(([name, file]) => `${name} (${file})`)).toEqual([]);
    expect(used.has('next') && used.has('ioredis') && used.has('socket.io')).toBe(true);
  });

  it('hold nothing else: tsx, commander, ulid and the build tools are devDependencies', () => {
    expect([...production].filter((name) => !used.has(name) && !(name in NOT_IMPORTED))).toEqual([]);
    for (const dev of ['tsx', 'commander', 'ulid', 'typescript', 'esbuild']) expect(pkg.devDependencies, dev).toHaveProperty(dev);
  });

  it('have one plotly package', () => {
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name.includes('plotly'))).toEqual(['plotly.js-basic-dist-min']);
  });
});

describe('compiled simulator (the demo image)', () => {
  const redis = withRedis();
  const outDir = path.join(root, 'build', `test-simulator-${process.pid}`);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  const run = (command: string, args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('imports only production dependencies and runs a scan under plain node', async () => {
    const file = path.join(outDir, 'cli.mjs');
    const built = await run(process.execPath, ['scripts/build-simulator.mjs', file]);
    expect(built.code, built.stderr).toBe(0);
    const bundle = readFileSync(file, 'utf8');
    const imported = new Set([...bundle.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"'.][^"']*)["']/g)].map((m) => m[1]!).filter((s) => !isBuiltin(s)).map(packageOf));
    expect([...imported].filter((name) => !production.has(name))).toEqual([]);
    expect(imported.has('ioredis')).toBe(true);

    const simulated = await run(process.execPath, [file, '--redis', redis.server.url, '--scenario', 'ct', '--seed', '7']);
    expect(simulated.code, simulated.stderr).toBe(0);
    const line = JSON.parse(simulated.stdout.trim()) as { key: string; scenario: string };
    expect(line.scenario).toBe('ct');
    const scan = await Scan.load(await redis.store(), line.key);
    expect(scan.identity.name).toBe('ct');
  }, 120_000);
});
