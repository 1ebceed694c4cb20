/**
 * The project's import graph (type-only imports included: they tie modules together for a reader as much
 * as value imports do), for the tests that keep the rooms apart and free of circles.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Module path relative to the root (with extension) -> modules it imports, relative too. */
export type ImportGraph = Map<string, string[]>;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs'];

function sourceFiles(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(path.join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) sourceFiles(root, rel, out);
    else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(rel);
  }
}

function resolve(root: string, from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.join(path.dirname(from), spec);
  else return undefined; // a package
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, 'index' + e))]) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return path.normalize(candidate);
  }
  return undefined;
}

/** The graph of every source file under `dirs` (relative to `root`), with its project-internal imports. */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const dir of dirs) if (existsSync(path.join(root, dir))) sourceFiles(root, dir, files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      const target = resolve(root, file, ref.fileName);
      if (target) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components of more than one module (or a module importing itself): the circles. */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so that a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) circles.push(component.sort());
      }
    }
  }
  return circles;
}

/** Imports from modules matching `from` into modules matching `to`, as "importer -> imported" lines. */
export function importsBetween(graph: ImportGraph, from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    if (!from(file)) continue;
    for (const target of targets) if (to(target)) found.push(`${file} -> ${target}`);
  }
  return found.sort();
}
