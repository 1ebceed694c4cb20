/**
 * End-to-end harness: a private redis-server initialised as a blissdata database, the real Lantern
 * server as production runs it (`npm start`: the compiled build/server/main.mjs under plain node, with
 * the production Next build) on a free port, and Debian's Chromium driven by playwright-core. Scans are
 * published with the simulator or the blissdata writer, as Bliss would.
 *
 * Both builds are made once per test run, and only when stale: Next's when `.next/BUILD_ID` is older
 * than a source under app/, components/ or lib/, the server's (esbuild, about a second) when
 * build/server/main.mjs is older than a source under server/ or lib/ (test files aside). Test files run
 * in parallel workers of one vitest process: the first one decides (and builds) under a lock directory
 * and leaves a marker for that process, so a source edited during the run never triggers a rebuild under
 * running servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DataStore } from '../lib/blissdata/data-store';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { freePort, startRedis, type RedisInstance } from '../testing/redis-launcher';
import { newestSource, SERVER_SOURCES, WEB_SOURCES } from '../testing/build-freshness';
import { startReplica } from '../testing/redis-replica';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'e2e-artifacts');
const BUILD_ID = path.join(ROOT, '.next', 'BUILD_ID');
const BUILD_LOCK = path.join(ROOT, '.next-e2e-build.lock');
const SERVER_BUNDLE = path.join(ROOT, 'build', 'server', 'main.mjs');
/** The server as `npm start` runs it. */
export const SERVER_COMMAND: readonly [string, readonly string[]] = [process.execPath, ['--enable-source-maps', SERVER_BUNDLE]];
const BUILD_TIMEOUT_MS = 20 * 60_000;
export const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The same rule as the benchmark's (testing/build-freshness.ts), per build so each is remade alone.
export function buildIsFresh(): boolean {
  return existsSync(BUILD_ID) && statSync(BUILD_ID).mtimeMs >= newestSource(ROOT, WEB_SOURCES).mtimeMs;
}

function serverIsFresh(): boolean {
  return existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= newestSource(ROOT, SERVER_SOURCES).mtimeMs;
}

const built = () => existsSync(BUILD_ID) && existsSync(SERVER_BUNDLE);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** `next build`, waiting and retrying while another process (a developer, an editor plugin) is building. */
async function buildNext(deadline: number): Promise<void> {
  for (;;) {
    try {
      await run(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }, BUILD_TIMEOUT_MS);
      return;
    } catch (error) {
      if (!/Another next build process is already running/.test((error as Error).message) || Date.now() > deadline) throw error;
      await sleep(3000);
    }
  }
}

function lockIsStale(): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(BUILD_LOCK).mtimeMs;
  } catch {
    return false; // gone already: the next mkdir decides
  }
  if (age > BUILD_TIMEOUT_MS) return true;
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(BUILD_LOCK, 'pid'), 'utf8'));
  } catch {
    return age > 5000; // a builder writes its pid right after taking the lock
  }
  if (!Number.isInteger(pid) || pid <= 0) return age > 5000;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Marker of "the build was decided in this run": vitest's fork workers share their parent process. */
const RUN_MARKER = path.join(os.tmpdir(), `lantern-e2e-build-decided-${process.ppid}`);

/**
 * Builds Next (production) and the server unless each is newer than every source of it; once per run,
 * one builder at a time.
 */
export async function ensureBuild(): Promise<void> {
  if (process.env.LANTERN_E2E_SKIP_BUILD === '1' && built()) return;
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    if (existsSync(RUN_MARKER) && built()) return;
    if (buildIsFresh() && serverIsFresh() && !existsSync(BUILD_LOCK)) {
      writeFileSync(RUN_MARKER, String(Date.now()));
      return;
    }
    try {
      mkdirSync(BUILD_LOCK);
      writeFileSync(path.join(BUILD_LOCK, 'pid'), String(process.pid));
    } catch {
      // Another test process is building: wait for it, unless it died (killed run) or overran.
      if (lockIsStale()) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another process to build Next');
      await sleep(1000);
      continue;
    }
    try {
      if ((existsSync(RUN_MARKER) && built()) || (buildIsFresh() && serverIsFresh())) {
        writeFileSync(RUN_MARKER, String(Date.now()));
        return;
      }
      if (!buildIsFresh()) await buildNext(deadline);
      if (!serverIsFresh()) await run(process.execPath, ['scripts/build-server.mjs'], process.env, BUILD_TIMEOUT_MS);
      writeFileSync(RUN_MARKER, String(Date.now()));
      return;
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
}

export interface LanternServer {
  readonly url: string;
  readonly port: number;
  /** stdout + stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

async function startServer(env: Record<string, string>, port: number): Promise<LanternServer> {
  let child: ChildProcess | undefined;
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    output = '';
    const proc = spawn(SERVER_COMMAND[0], SERVER_COMMAND[1], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`Lantern server exited with ${proc.exitCode}:\n${output.slice(-4000)}`);
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Lantern server did not answer within 60 s:\n${output.slice(-4000)}`);
      await sleep(200);
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    url,
    port,
    log: () => output,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}

export interface Harness {
  readonly redis: RedisInstance;
  /** A DataStore to publish scans with (simulator, writer). */
  readonly store: DataStore;
  readonly server: LanternServer;
  readonly browser: Browser;
  readonly url: string;
  readonly dataDir: string;
  /** A page in a fresh browser context (own storage), 1400x900 unless told. */
  page(options?: { width?: number; height?: number }): Promise<Page>;
  context(options?: { width?: number; height?: number }): Promise<BrowserContext>;
  /** Saves a screenshot under e2e-artifacts/ and returns its path. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
}

/**
 * Starts everything before the file's tests and stops it after. `env` adds server settings and `port`
 * fixes its port, both read when the server starts (after the file's earlier beforeAll hooks).
 */
export function withHarness(options: { env?: () => Record<string, string>; port?: () => number } = {}): Harness {
  let redis: RedisInstance | undefined;
  let replica: RedisInstance | undefined;
  let client: Redis | undefined;
  let store: DataStore | undefined;
  let server: LanternServer | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureBuild();
    redis = await startRedis();
    const admin = new Redis(redis.url);
    await initDatabase(admin);
    await admin.quit();
    client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
    client.on('error', () => undefined);
    store = await DataStore.connect(client);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-e2e-data-'));
    // LANTERN_TEST_REPLICA=1: the server reads a replica of the Redis the scans are written to.
    if (process.env.LANTERN_TEST_REPLICA === '1') replica = await startReplica(redis);
    server = await startServer({ REDIS_URL: (replica ?? redis).url, DATA_ROOTS: dataDir, LANTERN_DATA_DIR: path.join(dataDir, '.catalogue'), ...options.env?.() }, options.port?.() ?? (await freePort()));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, BUILD_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await client?.quit().catch(() => client?.disconnect());
    await replica?.stop();
    await redis?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (harness used outside a test)`);
    return value;
  };

  const harness: Harness = {
    get redis() {
      return need(redis, 'redis');
    },
    get store() {
      return need(store, 'store');
    },
    get server() {
      return need(server, 'server');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get url() {
      return need(server, 'server').url;
    },
    get dataDir() {
      return dataDir;
    },
    async context(options = {}) {
      const context = await need(browser, 'browser').newContext({ viewport: { width: options.width ?? 1400, height: options.height ?? 900 }, baseURL: need(server, 'server').url });
      contexts.push(context);
      return context;
    },
    async page(options = {}) {
      const context = await harness.context(options);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async screenshot(page, name, options = {}) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      // Chromium's fullPage capture draws sticky bars at the scroll position: grow the viewport instead.
      const size = page.viewportSize();
      if (options.fullPage && size) {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) });
      }
      // Let plots that are drawing finish (plotly loads lazily).
      await page.waitForFunction(() => ![...document.querySelectorAll('[role=figure]')].some((f) => /Waiting for data|Loading plot/.test(f.textContent ?? '')), undefined, { timeout: 5000 }).catch(() => undefined);
      await page.screenshot({ path: file });
      if (options.fullPage && size) await page.setViewportSize(size);
      return file;
    },
  };
  return harness;
}

/** Polls until `check` returns a value that is not undefined (or throws its last error). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(100);
  }
}
