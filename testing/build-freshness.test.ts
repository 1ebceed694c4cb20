/**
 * The benchmark's check that the production builds are not older than their sources (a stale page was
 * once measured as if it were the tree's), on a real directory tree with set modification times.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newestSource, staleBuild, WEB_SOURCES } from './build-freshness';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `file` under the tree with its modification time `seconds` after the epoch. */
function put(file: string, seconds: number): void {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, file);
  utimesSync(full, seconds, seconds);
}

function tree(): void {
  root = mkdtempSync(path.join(os.tmpdir(), 'lantern-build-freshness-'));
  put('app/page.tsx', 1000);
  put('components/plot.tsx', 1100);
  put('lib/live-data/scan-window.ts', 1200);
  put('server/main.ts', 1300);
  put('package.json', 900);
}

describe('build freshness', () => {
  it('says a missing build is missing', () => {
    tree();
    expect(staleBuild(root)).toBe('.next/BUILD_ID is missing');
    put('.next/BUILD_ID', 2000);
    expect(staleBuild(root)).toBe('build/server/main.mjs is missing');
  });

  it('accepts builds newer than every source, and names the source a build is older than', () => {
    tree();
    put('.next/BUILD_ID', 2000);
    put('build/server/main.mjs', 2000);
    expect(staleBuild(root)).toBeNull();
    // A merge brings a newer page source: the web build is stale, named by that file.
    put('lib/live-data/scan-window.ts', 3000);
    expect(staleBuild(root)).toBe('.next/BUILD_ID is older than lib/live-data/scan-window.ts');
    put('.next/BUILD_ID', 3500);
    // lib/ goes into the server bundle too.
    expect(staleBuild(root)).toBe('build/server/main.mjs is older than lib/live-data/scan-window.ts');
    put('build/server/main.mjs', 3500);
    expect(staleBuild(root)).toBeNull();
    // A server-only source leaves the web build fresh.
    put('server/live/broadcast-frames.ts', 4000);
    expect(staleBuild(root)).toBe('build/server/main.mjs is older than server/live/broadcast-frames.ts');
  });

  it('ignores test files and node_modules', () => {
    tree();
    put('.next/BUILD_ID', 2000);
    put('build/server/main.mjs', 2000);
    put('lib/live-data/scan-window.test.ts', 5000);
    put('components/node_modules/x/index.js', 5000);
    put('server/fixtures/a.fixture.ts', 5000);
    expect(staleBuild(root)).toBeNull();
    expect(newestSource(root, WEB_SOURCES)).toEqual({ mtimeMs: 1_200_000, file: 'lib/live-data/scan-window.ts' });
  });
});
