/**
 * The Lantern server under test, as a separate process (bench/server-entry.ts: createApplication without
 * Next.js), so its CPU time and memory are read from /proc and publishers and clients do not share its
 * event loop. `pause()`/`resume()` (SIGSTOP/SIGCONT) let the ingest scenarios build a backlog in Redis
 * that the server then drains at full speed.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CpuWindow, cpuSeconds, peakRssMb, rssMb, writeSyscalls } from './process-metrics';
import { ROOT, spawnNode, spawnTs, stopChild, waitForLine, type Spawned } from './child-process';

const run = promisify(execFile);

export interface LanternServerOptions {
  redisUrl: string;
  /** Extra environment (LANTERN_FLUSH_MS...). */
  env?: Record<string, string>;
  /** Directory for V8 CPU profiles of measurement windows (see profileStart). */
  cpuProfileDir?: string;
  /**
   * `tsx` (default): run under tsx, as production does (`tsx server/main.ts`). `bundled`: the same entry
   * bundled by esbuild (dependencies left external) and run by plain node — to tell Lantern's own memory
   * from what the tsx loader costs (it keeps ~0.5 GB for h5wasm's 4 MB one-line module).
   */
  runtime?: 'tsx' | 'bundled';
}

const BUNDLE = path.join(ROOT, 'bench-results', 'build', 'server-entry.mjs');

async function bundleServerEntry(): Promise<string> {
  await mkdir(path.dirname(BUNDLE), { recursive: true });
  await run(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), ['bench/server-entry.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${BUNDLE}`, '--log-level=warning'], { cwd: ROOT });
  return BUNDLE;
}

export class LanternServer {
  private constructor(
    private readonly spawned: Spawned,
    readonly port: number,
    private readonly profileDir?: string,
  ) {}

  static async start(options: LanternServerOptions): Promise<LanternServer> {
    // A fresh catalogue per server: the benchmark's Redis is fresh too.
    const catalogueDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-bench-catalogue-'));
    const env = { NODE_ENV: 'production', REDIS_URL: options.redisUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LANTERN_DATA_DIR: catalogueDir,
      // The benchmark measures capacity from one address: the per-address and per-client abuse limits
      // (README, Limits) would measure themselves instead.
      LANTERN_HTTP_REQUESTS_PER_SECOND: '0', LANTERN_SOCKET_EVENTS_PER_SECOND: '0', LANTERN_MAX_SUBSCRIPTIONS: '10000', ...options.env };
    const spawned = options.runtime === 'bundled' ? spawnNode(await bundleServerEntry(), { env }) : spawnTs('bench/server-entry.ts', { env });
    // tsx compiles h5wasm's 4 MB module at start-up: on a busy 2-core machine that can take a while.
    const match = await waitForLine(spawned, /LANTERN_READY (\d+)/, 120_000);
    return new LanternServer(spawned, Number(match[1]), options.cpuProfileDir);
  }

  private requestId = 0;

  private request<T = void>(cmd: string, file?: string): Promise<T> {
    const id = ++this.requestId;
    return new Promise((resolve) => {
      const onMessage = (m: { id: number; value?: unknown }) => {
        if (m.id !== id) return;
        this.spawned.child.off('message', onMessage);
        resolve(m.value as T);
      };
      this.spawned.child.on('message', onMessage);
      this.spawned.child.send({ id, cmd, file });
    });
  }

  /** Starts a CPU profile of the server (only with a profile directory, i.e. `--cpu-prof DIR`). */
  async profileStart(): Promise<void> {
    if (this.profileDir) await this.request('profile-start');
  }

  /** Stops the profile and writes it as DIR/<label>.cpuprofile (see bench/profile-summary.ts). */
  async profileStop(label: string): Promise<void> {
    if (this.profileDir) await this.request('profile-stop', path.join(this.profileDir, `${label}.cpuprofile`));
  }

  /** Starts measuring the server's event-loop delay (monitorEventLoopDelay, 10 ms resolution). */
  lagStart(): Promise<void> {
    return this.request('lag-start');
  }

  /** The delay since lagStart, in ms; `own*`: the part the server's own CPU work explains. */
  lagStop(): Promise<{ p50: number; p99: number; max: number; count: number; ownP99: number; ownMax: number }> {
    return this.request('lag-stop');
  }

  /** Live flushes made so far: at once (idle), spaced by their cost (many viewers), or on the tick (coalesced under load). */
  stats(): Promise<{ flushes: { immediate: number; spaced: number; tick: number }; coalescing: boolean }> {
    return this.request('stats');
  }

  get pid(): number {
    return this.spawned.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.spawned.output();
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  cpuWindow(): CpuWindow {
    return new CpuWindow(this.pid);
  }

  writeSyscalls(): number {
    return writeSyscalls(this.pid);
  }

  rssMb(): number {
    return rssMb(this.pid);
  }

  peakRssMb(): number {
    return peakRssMb(this.pid);
  }

  pause(): void {
    this.spawned.child.kill('SIGSTOP');
  }

  resume(): void {
    this.spawned.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    await stopChild(this.spawned.child);
  }
}
