/**
 * Follows the scans clients watch: one FollowedScan per scan (reference counted), all streams tailed by
 * one MultiplexedReader on a dedicated connection. What arrived goes out as one frame per stream per
 * flush: at once while the server is idle, on a flush tick that coalesces it under load (flush-pacer).
 */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { MultiplexedReader } from '../../lib/blissdata/multiplexed-reader';
import { Scan } from '../../lib/blissdata/scan';
import type { ScanSnapshot } from '../../lib/wire/contract';
import { FLAG_FROM_FILE } from '../../lib/wire/frame';
import { readFilePoints } from '../data/points';
import type { Hdf5Reader } from '../files/hdf5-reader';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { buildArrayFrame } from './frame-builder';
import { FlushPacer, FlushSpacing, LoadSampler } from './flush-pacer';
import { FollowedScan } from './followed-scan';
import type { ExpiredMessage, LanternServer, LanternSocket, LiveContext } from './live-context';
import type { StreamTail } from './stream-tail';
import { LimitError } from './limits';
import { goneScans } from './scan-presence';
import type { Display } from './latest-pacing';
import { Subscription } from './subscription';

/** How often followed scans are checked for deletion, expiry or a flushed database. */
const PRESENCE_CHECK_MS = 1000;

export interface LiveServiceDeps {
  io: LanternServer;
  store: DataStore;
  /** The shared tail (server/live/shared-tail.ts), also used by the scan index; started and stopped here. */
  reader: MultiplexedReader;
  logger: Logger;
  metrics: Metrics;
  hdf5: Hdf5Reader;
  flushMs: number;
  clientBudgetBytes: number;
  /** Scans one client may follow at once. */
  maxSubscriptions: number;
  /** The scan list's history id of a scan (server/live/scan-index.ts), kept with its followed scan. */
  historyIdOf(key: string): string;
}

export class LiveService implements LiveContext<FollowedScan> {
  readonly reader: MultiplexedReader;
  readonly io: LanternServer;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clientBudgetBytes: number;
  private readonly followed = new Map<string, { scan: Promise<FollowedScan>; refs: number }>();
  private readonly ready = new Map<string, FollowedScan>();
  private readonly dirty = new Set<FollowedScan>();
  private readonly subscriptions = new Map<LanternSocket, Map<string, Subscription<FollowedScan>>>();
  /** Subscribes of a client still loading their scan: they count towards its cap. */
  private readonly loading = new Map<LanternSocket, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private checkingPresence = false;
  private ticking = false;
  private readonly pacer = new FlushPacer();
  private readonly load = new LoadSampler(this.pacer);
  private readonly spacing = new FlushSpacing();
  private flushQueued = false;
  /**
   * Flushes made as soon as data arrived, made soon but spaced by the cost of the previous one (many
   * viewers), and made by the tick under load (tests, diagnostics).
   */
  readonly flushes = { immediate: 0, spaced: 0, tick: 0 };
  private nextScanId = 1;
  private readonly expiredLogged = new Set<string>();
  private readonly pendingReplies = new Map<string, number>();

  constructor(private readonly deps: LiveServiceDeps) {
    this.io = deps.io;
    this.logger = deps.logger;
    this.metrics = deps.metrics;
    this.clientBudgetBytes = deps.clientBudgetBytes;
    this.reader = deps.reader;
  }

  start(): void {
    this.reader.start();
    this.timer = setInterval(() => void this.tick(), this.deps.flushMs);
    this.presenceTimer = setInterval(() => void this.checkPresence(), PRESENCE_CHECK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    for (const scan of this.ready.values()) scan.stop();
    await this.reader.stop();
  }

  get store(): DataStore {
    return this.deps.store;
  }

  get hdf5(): Hdf5Reader {
    return this.deps.hdf5;
  }

  get followedCount(): number {
    return this.followed.size;
  }

  get tailedCount(): number {
    return this.reader.size;
  }

  /** Whether data wait for the flush tick (the server is loaded) instead of going out at once. */
  get coalescing(): boolean {
    return this.pacer.coalescing;
  }

  schedule(scan: FollowedScan): void {
    this.dirty.add(scan);
    if (this.flushQueued || this.pacer.coalescing) return;
    // After the current XREAD round has reached every tail: one frame per stream for the whole round;
    // later if the previous flush was costly (see FlushSpacing), never later than the tick.
    this.flushQueued = true;
    const wait = this.spacing.delay(performance.now());
    const flush = () => {
      this.flushQueued = false;
      if (this.pacer.coalescing || !this.dirty.size) return;
      if (wait > 0) this.flushes.spaced++;
      else this.flushes.immediate++;
      this.flushDirty();
    };
    if (wait > 0) setTimeout(flush, Math.min(wait, this.deps.flushMs));
    else setImmediate(flush);
  }

  private flushDirty(): void {
    const end = this.metrics.flushDuration.startTimer();
    const start = performance.now();
    try {
      const scans = [...this.dirty];
      this.dirty.clear();
      for (const scan of scans) scan.flush();
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'flush failed');
    } finally {
      end();
      // The corked socket writes of this flush go out in ticks queued before this one.
      process.nextTick(() => this.spacing.done(start, performance.now()));
    }
  }

  private async tick(): Promise<void> {
    this.load.sample();
    if (this.ticking) return;
    this.ticking = true;
    try {
      await Promise.all([...this.ready.values()].map((s) => s.pollLatest()));
      if (this.dirty.size) {
        this.flushes.tick++;
        this.flushDirty();
      }
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'flush failed');
    } finally {
      this.ticking = false;
    }
  }

  private follow(key: string): Promise<FollowedScan> {
    const entry = this.followed.get(key);
    if (entry) {
      entry.refs++;
      return entry.scan;
    }
    const scan = (async () => {
      const loaded = await Scan.load(this.deps.store, key);
      const followed = new FollowedScan(this, this.nextScanId++, loaded, this.deps.historyIdOf(key));
      await followed.start();
      this.ready.set(key, followed);
      return followed;
    })();
    this.followed.set(key, { scan, refs: 1 });
    scan.catch(() => this.followed.delete(key));
    return scan;
  }

  private unfollow(key: string): void {
    const entry = this.followed.get(key);
    if (!entry) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.followed.delete(key);
    const scan = this.ready.get(key);
    this.ready.delete(key);
    if (scan) {
      scan.stop();
      this.dirty.delete(scan);
    }
  }

  async subscribe(socket: LanternSocket, key: string, have: Record<string, number>, display: Display | null = null): Promise<ScanSnapshot> {
    const mine = this.subscriptions.get(socket) ?? new Map<string, Subscription<FollowedScan>>();
    this.subscriptions.set(socket, mine);
    const loading = this.loading.get(socket) ?? new Set<string>();
    const following = new Set([...mine.keys(), ...loading]);
    if (!following.has(key) && following.size >= this.deps.maxSubscriptions) {
      throw new LimitError(`this client already follows ${following.size} scans, at most ${this.deps.maxSubscriptions} at once: unsubscribe from one first`, 'LANTERN_MAX_SUBSCRIPTIONS');
    }
    this.unsubscribe(socket, key);
    loading.add(key);
    this.loading.set(socket, loading);
    let scan: FollowedScan;
    try {
      scan = await this.follow(key);
    } finally {
      loading.delete(key);
      if (!loading.size && this.loading.get(socket) === loading) this.loading.delete(socket);
    }
    if (!socket.connected || this.subscriptions.get(socket) !== mine) {
      this.unfollow(key);
      throw new Error('client disconnected');
    }
    // A second subscribe to the same scan sent without waiting for the first: the newest wins, the
    // other is released (otherwise its reference would keep the scan followed forever).
    this.unsubscribe(socket, key);
    const subscription = new Subscription(this, socket, scan, have, display);
    mine.set(key, subscription);
    scan.subscribers.add(subscription);
    subscription.start();
    return scan.snapshot();
  }

  repliesPending(socket: { id: string }): number {
    return this.pendingReplies.get(socket.id) ?? 0;
  }

  /**
   * Runs a request the client waits on (a level of detail to draw) ahead of its bulk catch-up: the
   * reply shares the websocket with the catch-up frames, so none are queued until it has gone out.
   */
  async replying<T>(socket: { id: string }, work: () => Promise<T>): Promise<T> {
    this.pendingReplies.set(socket.id, this.repliesPending(socket) + 1);
    try {
      return await work();
    } finally {
      const left = this.repliesPending(socket) - 1;
      if (left > 0) this.pendingReplies.set(socket.id, left);
      else this.pendingReplies.delete(socket.id);
    }
  }

  unsubscribe(socket: LanternSocket, key: string): void {
    const subscription = this.subscriptions.get(socket)?.get(key);
    if (!subscription) return;
    subscription.close();
    subscription.scan.subscribers.delete(subscription);
    this.subscriptions.get(socket)?.delete(key);
    this.unfollow(key);
  }

  disconnect(socket: LanternSocket): void {
    for (const key of [...(this.subscriptions.get(socket)?.keys() ?? [])]) this.unsubscribe(socket, key);
    this.subscriptions.delete(socket);
  }

  /** Tells the viewers of scans gone from Redis, and stops following them. */
  private async checkPresence(): Promise<void> {
    if (this.checkingPresence || !this.ready.size) return;
    this.checkingPresence = true;
    try {
      for (const [key, reason] of await goneScans(this.deps.store.redis, [...this.ready.keys()])) this.forget(key, reason);
    } finally {
      this.checkingPresence = false;
    }
  }

  private forget(key: string, reason: string): void {
    const scan = this.ready.get(key);
    if (!scan) return;
    this.logger.info({ scan: key, reason }, 'followed scan gone');
    this.io.to(scan.allRoom).emit('scan:gone', { key, reason });
    for (const sub of [...scan.subscribers]) {
      sub.close();
      this.subscriptions.get(sub.socket)?.delete(key);
    }
    scan.subscribers.clear();
    scan.stop();
    this.dirty.delete(scan);
    this.ready.delete(key);
    this.followed.delete(key);
  }

  /** A followed scan, if any (e.g. for the LOD and REST routes). */
  followedScan(key: string): FollowedScan | undefined {
    return this.ready.get(key);
  }

  async expired(
    scan: FollowedScan,
    tail: StreamTail,
    from: number,
    to: number,
    sendExpired: (m: ExpiredMessage) => void,
    sendFrame: (frame: Uint8Array) => void,
  ): Promise<void> {
    const file = tail.stream.resolved.file;
    if (file) {
      try {
        // The one read path of trimmed points (server/data/points.ts), in bounded chunks; the reader
        // refuses paths outside DATA_ROOTS before opening anything.
        for await (const run of readFilePoints(tail.stream, from, to, this.deps.hdf5)) {
          sendFrame(buildArrayFrame(scan.id, tail.id, run.index, run.count, run.data, run.pointShape, run.dtype, FLAG_FROM_FILE));
          from = run.index + run.count;
        }
        return;
      } catch (error) {
        const once = `${scan.key}/${tail.stream.name}`;
        if (!this.expiredLogged.has(once)) {
          this.expiredLogged.add(once);
          this.logger.warn({ scan: scan.key, stream: tail.stream.name, file: file.filePath, err: (error as Error).message }, 'expired points not readable from file');
        }
      }
    }
    sendExpired({ key: scan.key, stream: tail.stream.name, from, to });
  }
}
