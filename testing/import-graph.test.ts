import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph, importsBetween } from './import-graph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOMS = ['app', 'components', 'lib', 'server', 'scripts', 'testing', 'e2e', 'bench', 'native'];
const isTest = (f: string) => /\.test\.tsx?$/.test(f);
/** What `npm start` runs: server/ without its tests and test support. */
const isServerModule = (f: string) => f.startsWith('server/') && !isTest(f) && !f.startsWith('server/testing/');

describe('import graph of the project', () => {
  const graph = importGraph(root, ROOMS);

  it('reads the whole project', () => {
    expect(graph.has('server/app.ts')).toBe(true);
    expect(graph.get('server/main.ts')).toContain('server/app.ts');
  });

  it('has no import circles, type-only imports included', () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it('keeps the production server out of scripts, test support, e2e, bench and the browser code', () => {
    expect(importsBetween(graph, isServerModule, (f) => /^(scripts|testing|e2e|bench|components|app)\//.test(f))).toEqual([]);
  });

  it('has no server/ module (test support included) importing scripts/', () => {
    expect(importsBetween(graph, (f) => f.startsWith('server/') && !isTest(f), (f) => f.startsWith('scripts/'))).toEqual([]);
  });

  it('keeps lib/ (shared with the browser) importing only lib/', () => {
    expect(importsBetween(graph, (f) => f.startsWith('lib/') && !isTest(f), (f) => !f.startsWith('lib/'))).toEqual([]);
  });
});

describe('import graph reader', () => {
  it('finds a circle made only of type imports, with the @/ alias and index files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lantern-graph-'));
    try {
      await mkdir(path.join(dir, 'x', 'c'), { recursive: true });
      await writeFile(path.join(dir, 'x', 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
      await writeFile(path.join(dir, 'x', 'b.ts'), "import type { C } from '@/x/c';\nexport type B = C;\n");
      await writeFile(path.join(dir, 'x', 'c', 'index.ts'), "export type { A as C } from '../a';\nimport 'zod';\n");
      await writeFile(path.join(dir, 'x', 'd.tsx'), "import { x } from './e';\nexport const y = await import('./a');\n");
      await writeFile(path.join(dir, 'x', 'e.ts'), "import './e';\nexport const x = 1;\n");
      const graph = importGraph(dir, ['x']);
      expect(graph.get('x/c/index.ts')).toEqual(['x/a.ts']);
      expect(graph.get('x/d.tsx')?.sort()).toEqual(['x/a.ts', 'x/e.ts']);
      expect(importCircles(graph)).toEqual([['x/a.ts', 'x/b.ts', 'x/c/index.ts'], ['x/e.ts']]);
      expect(importsBetween(graph, (f) => f === 'x/d.tsx', (f) => f.startsWith('x/a'))).toEqual(['x/d.tsx -> x/a.ts']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
