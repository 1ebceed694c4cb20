#!/usr/bin/env node
// The npm registry mirror of this workplace lacks other platforms' builds of some optional packages
// (@next/swc-darwin-*, @unrs/resolver-binding-win32-*...), so `npm install` writes a lock file without
// them and `npm ci` then refuses the lock as out of sync. This adds the missing optional entries with
// the os/cpu their names declare, so npm ci skips them on other platforms instead of failing.
// Run after `npm install` changes package-lock.json: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];
let added = 0;
for (const [where, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = where ? `${where}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[base] || lock.packages[`node_modules/${name}`]) continue;
    const parts = name.split(/[/-]/);
    const os = OS.filter((o) => parts.includes(o) || (o === 'win32' && parts.includes('win32')));
    const cpu = CPU.filter((c) => parts.includes(c) || (c === 'arm' && parts.includes('gnueabihf')));
    if (!os.length && !name.includes('wasm')) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...(os.length ? { os } : {}), ...(cpu.length ? { cpu } : {}), ...(name.includes('wasm') ? { cpu: ['wasm32'] } : {}) };
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
