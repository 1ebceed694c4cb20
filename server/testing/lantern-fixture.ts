/**
 * Vitest fixture: a private redis-server, Lantern's application (without Next.js) on a free port, and
 * real socket.io clients that decode frames and check every stream arrives without gap or duplicate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { decodeDataFrame, frameValues } from '../../lib/client/frames';
import { handshakeAuth, request, type LanternSocket } from '../../lib/client/request';
import type { ScanSnapshot } from '../../lib/wire/contract';
import { withRedis, type RedisFixture } from '../../testing/redis-fixture';
import { startReplica } from '../../testing/redis-replica';
import type { RedisInstance, RedisLaunchOptions } from '../../testing/redis-launcher';
import { createApplication, type Application } from '../app';
import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../logger';

export interface LanternFixture {
  redis: RedisFixture;
  /** The replica Lantern reads, with `replica: true`. */
  readonly replica: RedisInstance | undefined;
  readonly url: string;
  readonly app: Application;
  client(): Promise<TestClient>;
  /** Restarts the application (not Redis) with other settings. */
  restart(env?: Record<string, string>): Promise<void>;
}

/**
 * `logger` replaces the silent one (tests that read the log lines). `replica`: Lantern reads a Redis
 * replica (`replicaof` the fixture's Redis, started here) while writers use the primary; default from
 * LANTERN_TEST_REPLICA=1, which runs the whole suite that way. `redis.init: false` leaves the database
 * uninitialised (no _PROTOCOL_VERSION_).
 */
export function withLantern(options: { redis?: RedisLaunchOptions & { init?: boolean }; env?: Record<string, string>; logger?: Logger; replica?: boolean } = {}): LanternFixture {
  const redis = withRedis(options.redis);
  let replica: RedisInstance | undefined;
  let http: HttpServer | undefined;
  let app: Application | undefined;
  let url = '';
  const clients: TestClient[] = [];
  // Each fixture its own scan catalogue, kept across restarts (as a server's is), removed at the end.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-catalogue-'));
  const start = async (env: Record<string, string> = {}) => {
    if ((options.replica ?? process.env.LANTERN_TEST_REPLICA === '1') && !replica) replica = await startReplica(redis.server);
    const config: Config = loadConfig({ REDIS_URL: replica?.url ?? redis.server.url, LOG_LEVEL: 'silent', LANTERN_FLUSH_MS: '10', LANTERN_DATA_DIR: dataDir, ...options.env, ...env });
    http = createServer();
    app = await createApplication(http, { config, logger: options.logger ?? createLogger(config.logLevel) });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  };
  const stop = async () => {
    for (const c of clients.splice(0)) c.close();
    await app?.close();
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  };
  beforeAll(() => start());
  afterAll(async () => {
    await stop();
    await replica?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    redis,
    get replica() {
      return replica;
    },
    get url() {
      return url;
    },
    get app() {
      if (!app) throw new Error('application not started');
      return app;
    },
    async client() {
      const c = await TestClient.connect(url);
      clients.push(c);
      return c;
    },
    async restart(env) {
      await stop();
      await start(env);
    },
  };
}

type ClientSocket = LanternSocket;

interface StreamState {
  /** Next expected index: frames must start exactly here. */
  next: number;
  values: number[];
  /** The newest latest-only point; `preview` when it came 2×2-binned (FLAG_PREVIEW) with `shape`. */
  latest: { index: number; values: number[]; preview: boolean; shape: number[] } | null;
  /** Indices of every latest-only point received, in order. */
  latestSeen: number[];
  fromFile: number;
}

/** A socket.io client that keeps every received stream and records any gap or duplicate. */
export class TestClient {
  readonly snapshots = new Map<string, ScanSnapshot>();
  readonly problems: string[] = [];
  readonly expired: { key: string; stream: string; from: number; to: number }[] = [];
  readonly streamErrors: { key: string; stream: string; error: string }[] = [];
  readonly statuses: string[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly scanIds = new Map<number, string>();
  frames = 0;
  /** Whether paced image frames (`scan:latest`) are acknowledged; off: a client that never takes them in. */
  acking = true;

  private constructor(readonly socket: ClientSocket) {
    socket.on('scan:doc', (s) => {
      this.snapshots.set(s.key, s);
      this.scanIds.set(s.scanId, s.key);
    });
    socket.on('scan:data', (frame) => this.onFrame(frame));
    socket.on('scan:latest', (frame, ack) => {
      this.onFrame(frame);
      if (this.acking) ack();
    });
    socket.on('scan:expired', (m) => {
      this.expired.push(m);
      const state = this.stateOf(m.key, m.stream);
      if (m.from !== state.next) this.problems.push(`${m.stream}: expired range starts at ${m.from}, expected ${state.next}`);
      for (let i = m.from; i < m.to; i++) state.values.push(Number.NaN);
      state.next = m.to;
    });
    socket.on('scan:stream-error', (m) => this.streamErrors.push(m));
    socket.on('status', (s) => this.statuses.push(s.state));
  }

  /**
   * `auth` joins the handshake's auth (e.g. a share-link `token`); `headers` go with the websocket upgrade,
   * sent from `localAddress` (another loopback address than 127.0.0.1 to test proxy trust).
   */
  static async connect(url: string, options: { auth?: Record<string, unknown>; headers?: Record<string, string>; localAddress?: string } = {}): Promise<TestClient> {
    const socket: ClientSocket = connect(url, {
      transports: ['websocket'],
      auth: handshakeAuth(options.auth),
      extraHeaders: options.headers,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new TestClient(socket);
  }

  close(): void {
    this.socket.disconnect();
  }

  private stateOf(key: string, stream: string): StreamState {
    const id = `${key}/${stream}`;
    let state = this.streams.get(id);
    if (!state) {
      state = { next: 0, values: [], latest: null, latestSeen: [], fromFile: 0 };
      this.streams.set(id, state);
    }
    return state;
  }

  private onFrame(raw: ArrayBuffer | Uint8Array): void {
    this.frames++;
    const frame = decodeDataFrame(raw);
    const key = this.scanIds.get(frame.scanId);
    const snapshot = key ? this.snapshots.get(key) : undefined;
    const meta = snapshot?.streams.find((s) => s.id === frame.streamId);
    if (!key || !meta) {
      this.problems.push(`frame for unknown scan ${frame.scanId} / stream ${frame.streamId}`);
      return;
    }
    const values = frameValues(frame);
    const state = this.stateOf(key, meta.name);
    if (frame.flags & 1) {
      state.latest = { index: frame.index, values, preview: (frame.flags & 4) !== 0, shape: [...frame.pointShape] };
      state.latestSeen.push(frame.index);
      return;
    }
    if (frame.flags & 2) state.fromFile += frame.count;
    if (frame.index !== state.next) this.problems.push(`${meta.name}: frame starts at ${frame.index}, expected ${state.next}`);
    for (const v of values) state.values.push(v);
    state.next = frame.index + frame.count;
  }

  /** The scan id is registered inside the acknowledgement (see lib/client/request.ts). */
  subscribe(key: string, have?: Record<string, number>, display?: { width: number; height: number }): Promise<ScanSnapshot> {
    return request(this.socket, 'scan:subscribe', { key, have, ...(display ? { display } : {}) }, {
      timeoutMs: 10_000,
      onValue: (snapshot) => {
        this.snapshots.set(key, snapshot);
        this.scanIds.set(snapshot.scanId, key);
      },
    }).catch((error: Error & { code?: string }) => {
      throw error.code && error.code !== 'timeout' && error.code !== 'disconnected' ? new Error(`${error.code}: ${error.message}`) : error;
    });
  }

  values(key: string, stream: string): number[] {
    return this.streams.get(`${key}/${stream}`)?.values ?? [];
  }

  latest(key: string, stream: string) {
    return this.streams.get(`${key}/${stream}`)?.latest ?? null;
  }

  /** Indices of the latest-only points received for a stream, in order of arrival. */
  latestSeen(key: string, stream: string): number[] {
    return this.streams.get(`${key}/${stream}`)?.latestSeen ?? [];
  }

  fromFile(key: string, stream: string): number {
    return this.streams.get(`${key}/${stream}`)?.fromFile ?? 0;
  }

  /** Points held for a stream: what a reconnecting client sends as `have`. */
  have(key: string, stream: string): number {
    return this.streams.get(`${key}/${stream}`)?.next ?? 0;
  }

  /** Starts a stream at `next`, as a client that already held the points before reconnecting. */
  startAt(key: string, stream: string, next: number): void {
    this.stateOf(key, stream).next = next;
  }
}

export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
