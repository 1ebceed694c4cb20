/**
 * Starts private redis-server instances for tests, the demo and benchmarks: a free loopback port, the
 * RedisJSON stand-in loaded, no persistence unless asked, and no orphan server if the parent dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureJsonModule, MissingToolError } from './json-module';

export type Persistence = 'none' | 'aof' | 'rdb';

export interface RedisLaunchOptions {
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** Working directory for dumps and AOF; a temporary one (removed on stop) when omitted. */
  dir?: string;
  persistence?: Persistence;
  /** Load the RedisJSON stand-in (default true). */
  jsonModule?: boolean;
  /** Allow DEBUG (e.g. DEBUG RELOAD) from local connections. */
  enableDebug?: boolean;
  /** Extra redis-server arguments, e.g. ['--maxmemory', '100mb']. */
  extraArgs?: string[];
  /** Milliseconds to wait for the server to answer PING. */
  startTimeoutMs?: number;
}

export interface RedisInstance {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its temporary directory. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and directory (data persists only with persistence). */
  restart(): Promise<void>;
  /** Stops the server without removing its directory (for fault tests; `start` brings it back). */
  halt(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a halted server again on the same port. */
  start(): Promise<void>;
}

const HOST = '127.0.0.1';
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Covers normal exits; a parent killed by SIGKILL is covered by setpriv's parent-death signal.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function redisServerBinary(): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = path.join(dir, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  throw new MissingToolError('redis-server', 'redis-server');
}

function setprivBinary(): string | undefined {
  return ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // -LOADING while an AOF/RDB is read at start-up: not ready yet.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(options: RedisLaunchOptions = {}): Promise<RedisInstance> {
  const binary = redisServerBinary();
  const modulePath = options.jsonModule === false ? undefined : await ensureJsonModule();
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'lantern-redis-')));
  const persistence = options.persistence ?? 'none';
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let stderr = '';

  const args = (): string[] => [
    '--port', String(port),
    '--bind', HOST,
    '--dir', dir,
    '--daemonize', 'no',
    '--save', persistence === 'rdb' ? '3600 1' : '',
    '--appendonly', persistence === 'aof' ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--logfile', '',
    '--loglevel', 'warning',
    ...(modulePath ? ['--loadmodule', modulePath] : []),
    ...(options.enableDebug ? ['--enable-debug-command', 'local'] : []),
    ...(options.extraArgs ?? []),
  ];

  const launch = async (): Promise<void> => {
    const setpriv = setprivBinary();
    const [command, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', binary, ...args()]] : [binary, args()];
    stderr = '';
    const proc = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    live.add(proc);
    installExitHook();
    proc.stdout?.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.once('exit', () => live.delete(proc));
    const spawnError = new Promise<never>((_, reject) => proc.once('error', reject));
    const deadline = Date.now() + startTimeoutMs;
    const ready = (async () => {
      while (Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode}: ${stderr.trim()}`);
        if (await ping(port)) return;
        await new Promise((r) => setTimeout(r, 15));
      }
      proc.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer within ${startTimeoutMs} ms: ${stderr.trim()}`);
    })();
    await Promise.race([ready, spawnError]);
  };

  const halt = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    const gone = exited(proc);
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };

  const startWithRetry = async (): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await launch();
      } catch (error) {
        // Another process may have taken the free port between probe and bind; try a new one.
        if (options.port === undefined && attempt < 3 && /Address already in use/.test(String(error))) {
          port = await freePort();
          continue;
        }
        throw error;
      }
    }
  };

  await startWithRetry();

  return {
    host: HOST,
    get port() {
      return port;
    },
    get url() {
      return `redis://${HOST}:${port}`;
    },
    dir,
    get pid() {
      return child?.pid;
    },
    halt,
    start: launch,
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
