#!/usr/bin/env node
// `npm run demo` on a fresh machine: installs npm dependencies when missing, then runs scripts/demo.ts
// (JSON module build, private Redis, scan simulator, Lantern). Plain JavaScript: tsx may not exist yet.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// g++, make and python3 build the scan catalogue's SQLite module (better-sqlite3) when npm cannot fetch a
// prebuilt one: needed only while it is not built yet.
const sqliteBuilt = existsSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
const missing = ['redis-server', 'gcc', ...(sqliteBuilt ? [] : ['g++', 'make', 'python3'])].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length) {
  console.error(`missing ${missing.join(', ')}: install with \`sudo apt-get install -y redis-server gcc g++ make python3 libc6-dev\``);
  process.exit(1);
}
if (!existsSync(join(root, 'node_modules', '.bin', 'tsx')) || !existsSync(join(root, 'node_modules', 'next'))) {
  console.log('installing npm dependencies (npm ci)...');
  const install = spawnSync('npm', ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
// tsx as a loader (`node --import tsx`), not its CLI: under load the CLI's signal relay SIGKILLs a child
// that takes more than 30 ms to acknowledge Ctrl-C, which would skip the demo's clean-up.
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// The child handles Ctrl-C itself (it gets the same SIGINT from the terminal); forward signals sent to us only.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
