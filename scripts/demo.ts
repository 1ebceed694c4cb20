/**
 * The demo: a private Redis (with the RedisJSON stand-in), the scan simulator in loop mode writing
 * Lima files into a temporary DATA_ROOTS folder, and Lantern. Ctrl-C stops everything and removes the
 * temporary folder: no orphan redis-server, nothing left outside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { startRedis } from '../testing/redis-launcher';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** TypeScript children run with tsx as a loader: its CLI's signal relay may SIGKILL a slow child on Ctrl-C. */
const tsNode = (script: string, ...args: string[]): [string, string[]] => [process.execPath, ['--import', 'tsx', script, ...args]];

const options = new Command('demo')
  .description('Run Lantern on simulated beamline scans')
  .option('-p, --port <port>', 'HTTP port for Lantern', process.env.PORT ?? '3000')
  .option('--session <name>', 'Bliss session name of the simulated scans', 'demo_session')
  .option('--production', 'serve a production build (runs `npm run build` first)')
  .parse()
  .opts<{ port: string; session: string; production?: boolean }>();

const log = (line: string) => console.log(`[demo] ${line}`);
const children: ChildProcess[] = [];

function run(name: string, command: string, args: string[], env: Record<string, string>): ChildProcess {
  // setpriv makes the child die with us even if we are killed hard.
  const child = spawn('setpriv', ['--pdeathsig', 'TERM', '--', command, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the demo`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
const cleanup: (() => Promise<void>)[] = [];

let stopped: Promise<never> | null = null;

function stop(code: number): Promise<never> {
  // Ctrl-C reaches every process of the terminal's group, and demo.mjs forwards it too: stop once.
  stopped ??= shutdown(code);
  return stopped;
}

async function shutdown(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGINT');
        }),
    ),
  );
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Lantern did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** How long the demo's closed scans stay in Redis (blissdata keeps them days). */
const DEMO_EXPIRE_S = 300;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-demo-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const redis = await startRedis({ extraArgs: ['--maxmemory', '1gb', '--maxmemory-policy', 'noeviction'] });
  cleanup.push(() => redis.stop());
  log(`Redis (with the RedisJSON stand-in) at ${redis.url}; simulated data in ${dataDir}`);
  const admin = new Redis(redis.url);
  await initDatabase(admin);
  admin.disconnect();

  if (options.production) {
    log('building the web interface and the server (npm run build)...');
    const build = spawn('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    children.push(build);
    const code = await new Promise<number>((resolve) => build.on('exit', (c) => resolve(c ?? 1)));
    children.pop();
    if (code !== 0) throw new Error('npm run build failed');
  }

  // Scans leave Redis 5 minutes after they end (days at a beamline) and then reopen from their files.
  run('scan simulator', ...tsNode('scripts/simulator/cli.ts', '--redis', redis.url, '--scenario', 'loop', '--session', options.session, '--data-dir', dataDir, '--expire-after', String(DEMO_EXPIRE_S)), {});
  // Production: the compiled server under plain node (as npm start); development: tsx with Next's dev mode.
  const [command, args] = options.production ? [process.execPath, ['--enable-source-maps', 'build/server/main.mjs']] : tsNode('server/main.ts');
  run('Lantern', command, args, {
    REDIS_URL: redis.url,
    PORT: options.port,
    HOST: '127.0.0.1',
    DATA_ROOTS: dataDir,
    // The demo's Redis is temporary: so is its scan catalogue.
    LANTERN_DATA_DIR: path.join(dataDir, '.catalogue'),
    NODE_ENV: options.production ? 'production' : 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const url = `http://localhost:${options.port}`;
  await waitForHealth(url, 120_000);
  log(`Lantern is running at ${url} (session ${options.session}; kiosk: ${url}/kiosk?session=${options.session})`);
  log(`scans leave Redis ${DEMO_EXPIRE_S / 60} minutes after they end, then open from their saved files; "Search all scans" finds them`);
  log('press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
