/**
 * Whether the production builds (`npm run build`: Next's .next/ and the server bundle
 * build/server/main.mjs) are at least as new as every source that goes into them. A build older than
 * its sources runs code the tree no longer has: the e2e harness and the benchmark rebuild then, so a
 * measurement never silently describes an older page or server (a kiosk bench once ran a page built
 * before the bounded window was merged, and the window seemed not to apply).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const WEB_SOURCES = { dirs: ['app', 'components', 'lib'], files: ['next.config.mjs', 'tsconfig.json', 'package.json'] } as const;
export const SERVER_SOURCES = { dirs: ['server', 'lib'], files: ['scripts/build-server.mjs', 'package.json'] } as const;

/** Newest modification time (ms) of the sources under `root` (test files and node_modules aside); 0 when none. */
export function newestSource(root: string, sources: { dirs: readonly string[]; files: readonly string[] }): { mtimeMs: number; file: string | null } {
  let newest = { mtimeMs: 0, file: null as string | null };
  const consider = (full: string) => {
    const m = statSync(full).mtimeMs;
    if (m > newest.mtimeMs) newest = { mtimeMs: m, file: path.relative(root, full) };
  };
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') visit(full);
      } else if (!/\.test\.tsx?$/.test(e.name) && !/\.fixture\.ts$/.test(e.name)) consider(full);
    }
  };
  for (const d of sources.dirs) visit(path.join(root, d));
  for (const f of sources.files) if (existsSync(path.join(root, f))) consider(path.join(root, f));
  return newest;
}

/**
 * Why the builds under `root` cannot be used as they are: missing, or older than a source (named);
 * null when both are fresh.
 */
export function staleBuild(root: string): string | null {
  const builds: [string, { dirs: readonly string[]; files: readonly string[] }][] = [
    ['.next/BUILD_ID', WEB_SOURCES],
    ['build/server/main.mjs', SERVER_SOURCES],
  ];
  for (const [output, sources] of builds) {
    const full = path.join(root, output);
    if (!existsSync(full)) return `${output} is missing`;
    const newest = newestSource(root, sources);
    if (statSync(full).mtimeMs < newest.mtimeMs) return `${output} is older than ${newest.file}`;
  }
  return null;
}
