/**
 * The full Lantern server as deployed (`npm start`: build/server/main.mjs under plain node, NODE_ENV=
 * production, Next.js + socket.io on one port), for the browser scenarios. It serves the production
 * build (`npm run build`: .next/ and build/server/); `ensureBuild` builds it when missing, older than a
 * source that goes into it (testing/build-freshness.ts), or when asked.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { staleBuild } from '../testing/build-freshness';
import { freePort } from '../testing/redis-launcher';
import { ROOT, spawnNode, stopChild, waitForLine, type Spawned } from './child-process';
import { cpuSeconds, peakRssMb, rssMb } from './process-metrics';

const run = promisify(execFile);
const BUILD_ID = path.join(ROOT, '.next', 'BUILD_ID');
const SERVER_BUILD = path.join(ROOT, 'build', 'server', 'main.mjs');

export interface BuildInfo {
  id: string;
  builtAt: string;
  /** Seconds spent building now (0 when an existing build was used). */
  buildSeconds: number;
}

/** Another developer's `next build` in this tree empties .next/ until it ends: wait for it a while. */
async function waitForOthersBuild(timeoutMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  while (!existsSync(BUILD_ID) && Date.now() < deadline && nextBuildRunning()) {
    if (!said) log('  waiting for a next build already running in this tree...');
    said = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function nextBuildRunning(): boolean {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (/next(\.js)?\0build/.test(cmd) && readlinkSync(`/proc/${pid}/cwd`) === ROOT) return true;
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return false;
}

export async function ensureBuild(options: { force: boolean; log(line: string): void }): Promise<BuildInfo> {
  let buildSeconds = 0;
  if (!options.force) await waitForOthersBuild(180_000, options.log);
  // A build older than its sources would measure a page and server the tree no longer has.
  const stale = options.force ? null : staleBuild(ROOT);
  if (options.force || stale !== null) {
    options.log(`  building the web UI (npm run build${stale ? `: ${stale}` : ''})...`);
    const t0 = performance.now();
    await run('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 64 * 2 ** 20, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    buildSeconds = (performance.now() - t0) / 1000;
  }
  return { id: readFileSync(BUILD_ID, 'utf8').trim(), builtAt: statSync(BUILD_ID).mtime.toISOString(), buildSeconds };
}

export class NextServer {
  private constructor(
    private readonly spawned: Spawned,
    readonly port: number,
  ) {}

  /** `cpuProfile`: a directory for a V8 CPU profile of the server's whole life (`server_browser.cpuprofile`). */
  static async start(redisUrl: string, options: { cpuProfile?: string } = {}): Promise<NextServer> {
    const port = await freePort();
    const spawned = spawnNode(SERVER_BUILD, {
      nodeArgs: options.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfile, '--cpu-prof-name', 'server_browser.cpuprofile', '--cpu-prof-interval', '200'] : [],
      env: { NODE_ENV: 'production', REDIS_URL: redisUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', NEXT_TELEMETRY_DISABLED: '1' },
    });
    await waitForLine(spawned, /Lantern is listening/, 120_000);
    return new NextServer(spawned, port);
  }

  get pid(): number {
    return this.spawned.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  rssMb(): number {
    return rssMb(this.pid);
  }

  peakRssMb(): number {
    return peakRssMb(this.pid);
  }

  async stop(): Promise<void> {
    await stopChild(this.spawned.child);
  }
}
