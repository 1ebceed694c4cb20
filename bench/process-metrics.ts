/**
 * CPU time and memory of another process from /proc (Linux): CPU seconds from /proc/<pid>/stat
 * (utime + stime, in clock ticks), resident memory and its peak from /proc/<pid>/status (VmRSS, VmHWM).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds used so far by `pid` (own threads, not children). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 once pid and comm are removed.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** Write-type system calls (write, writev, sendmsg...) made so far by `pid` (/proc/<pid>/io syscw). */
export function writeSyscalls(pid: number): number {
  const match = /^syscw:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/** CPU seconds the whole machine spent busy (all cores, from /proc/stat), and its core count. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number) as number[];
  void idle;
  void iowait;
  return (user! + nice! + system! + irq! + softirq! + steal!) / clockTicks();
}

/**
 * CPU seconds of this process and of its children that ended and were waited for (redis-server, the
 * Lantern servers, the publisher, Chromium — all ended by the end of the run).
 */
export function ownCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / clockTicks();
}

function statusField(pid: number, name: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Resident memory now, in MiB. */
export function rssMb(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/** Peak resident memory since the process started (VmHWM), in MiB. */
export function peakRssMb(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** CPU seconds of a process over a window: `start()` then `stop()` returns seconds and the CPU share (%). */
export class CpuWindow {
  private cpu0 = 0;
  private t0 = 0;
  constructor(private readonly pid: number) {}

  start(): void {
    this.cpu0 = cpuSeconds(this.pid);
    this.t0 = performance.now();
  }

  stop(): { cpuSeconds: number; wallSeconds: number; percent: number } {
    const cpu = cpuSeconds(this.pid) - this.cpu0;
    const wall = (performance.now() - this.t0) / 1000;
    return { cpuSeconds: cpu, wallSeconds: wall, percent: (100 * cpu) / wall };
  }
}

/** Samples the RSS of `pid` every `everyMs` and keeps the maximum (VmHWM covers the whole life instead). */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly pid: number,
    private readonly everyMs = 50,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, rssMb(this.pid));
    } catch {
      // The process may have exited.
    }
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
