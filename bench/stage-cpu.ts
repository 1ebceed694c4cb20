/**
 * CPU time per stage of a browser scenario, read from /proc over a window: the Lantern server, the
 * publisher, redis-server, and Chromium's processes of this benchmark (descendants of this process,
 * by their `--type`: renderer, gpu-process, utility = network service, browser = its main process).
 * Divided by frames shown, it gives CPU ms per frame per stage, which depends far less on what else
 * the shared machine runs than wall-clock rates do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from './process-metrics';

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Chromium processes started (indirectly) by this process, by kind. */
function chromiumProcesses(): Map<number, string> {
  const parents = new Map<number, number>();
  const kinds = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      // Chromium's child processes rewrite their title: arguments may be separated by spaces, not NULs.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      if (!/chrom/.test(cmd[0] ?? '')) continue;
      parents.set(pid, parentOf(pid));
      kinds.set(pid, cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser');
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const mine = new Map<number, string>();
  for (const [pid, kind] of kinds) {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === process.pid) {
        mine.set(pid, kind);
        break;
      }
      try {
        p = parents.get(p) ?? parentOf(p);
      } catch {
        break;
      }
    }
  }
  return mine;
}

export type StageCpu = Record<string, number>;

/** CPU seconds used so far by each stage (processes that end meanwhile drop out of the difference). */
export function stageCpu(pids: Record<string, number | undefined>): { read(): StageCpu } {
  const chromium = chromiumProcesses();
  const read = (): StageCpu => {
    const out: StageCpu = {};
    for (const [name, pid] of Object.entries(pids)) {
      if (pid === undefined) continue;
      try {
        out[name] = cpuSeconds(pid);
      } catch {
        // Ended.
      }
    }
    for (const [pid, kind] of chromium) {
      try {
        out[`chromium ${kind}`] = (out[`chromium ${kind}`] ?? 0) + cpuSeconds(pid);
      } catch {
        // Ended.
      }
    }
    return out;
  };
  return { read };
}

/** "server 12.3, redis 4.5, ..." ms per unit between two readings. */
export function perUnit(before: StageCpu, after: StageCpu, units: number): string {
  if (units <= 0) return 'no frames';
  return Object.keys(after)
    .filter((k) => before[k] !== undefined)
    .map((k) => `${k} ${((1000 * (after[k]! - before[k]!)) / units).toFixed(1)}`)
    .join(', ');
}
