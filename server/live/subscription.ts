/**
 * One client's view of one followed scan. A client is either live (in the scan's live room, receiving
 * each flush) or catching up: re-reading from Redis by index, in chunks and within its send budget,
 * until it reaches what the live room has received, then joining it. Late join, reconnect resume and
 * recovery from lag all take this one path, so data never has gaps or duplicates and a slow client
 * never holds server memory or delays others.
 */
import type { BatchEntry } from '../../lib/blissdata/stream-entries';
import { FLAG_LATEST } from '../../lib/wire/frame';
import { BlissdataError } from '../../lib/blissdata/errors';
import type { LanternSocket, LiveServices, ScanRef } from './live-context';
import type { StreamTail } from './stream-tail';
import { queuedBytes } from './engine-internals';
import { ACK_TIMEOUT_MS, LatestPacer, type Display } from './latest-pacing';
import { binnable, previewable, PREVIEW_BIN } from './preview';
import { parseDtype } from '../../lib/blissdata/dtype';

/** What a subscription reads of the scan it follows (a FollowedScan, server/live/followed-scan.ts). */
export interface SubscribedScan extends ScanRef {
  readonly allRoom: string;
  readonly liveRoom: string;
  readonly tails: ReadonlyMap<string, StreamTail>;
  framesOf(tail: StreamTail, batches: readonly BatchEntry[], from: number, to: number, flags: number, bin?: number): Uint8Array[];
  /** Sends a viewer that took its previous frame in the newest point of a latest-only stream. */
  resendLatest(sub: Subscription<SubscribedScan>, tail: StreamTail): void;
}

/** Most entries per catch-up read; fewer when entries are big (see entriesPerRead). */
const CATCH_UP_ENTRIES = 256;
/**
 * Catch-up bytes queued for a client at most (its send budget permitting): enough to keep a browser's
 * websocket busy between two Redis reads, little enough that a reply or live frame sent meanwhile does
 * not wait behind seconds of bulk data.
 */
const CATCH_UP_QUEUE_BYTES = 2 * 1024 * 1024;
/** A live image left coarser than its display this long, with no newer frame, is sent again at the display's binning. */
const REFINE_AFTER_MS = 1000;
/** A reply the client waits for holds its catch-up back this long at most. */
const REPLY_PRIORITY_MAX_MS = 3000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Subscription<Scan extends SubscribedScan = SubscribedScan> {
  /** Per stream id: points this client has been sent, while catching up. */
  private readonly sent = new Map<number, number>();
  /** Per stream id: bytes per entry seen in the last catch-up read, to size the next one. */
  private readonly entryBytes = new Map<number, number>();
  live = false;
  /** Streams delivered through the live room since the client joined it. */
  private readonly liveTails = new Set<number>();
  private running = false;
  private again = false;
  private closed = false;
  private readonly pacer: LatestPacer;

  constructor(
    private readonly ctx: LiveServices,
    readonly socket: LanternSocket,
    readonly scan: Scan,
    private readonly have: Record<string, number>,
    display: Display | null = null,
  ) {
    this.pacer = new LatestPacer(display);
  }

  /** Streams whose frame shown was sent coarser than the display, with nothing newer to send: sent again at the display's binning. */
  private readonly refine = new Set<number>();
  /** Frames sent per stream, to know that none went since a refinement was planned. */
  private readonly sends = new Map<number, number>();

  /** Binning of this tail's latest frames for this client (1: as published). */
  binOf(tail: StreamTail): number {
    const encoding = tail.stream.encoding;
    if (encoding?.type !== 'numeric' || !binnable(tail.stream)) return 1;
    const [h, w] = encoding.shape as [number, number];
    const defaultBin = previewable(tail.stream) ? PREVIEW_BIN : 1;
    if (this.refine.has(tail.id)) return this.pacer.displayBin(h, w, defaultBin);
    return this.pacer.binFor(h, w, parseDtype(encoding.dtype_str).itemSize, defaultBin);
  }

  private displayBinOf(tail: StreamTail): number {
    const encoding = tail.stream.encoding;
    if (encoding?.type !== 'numeric' || !binnable(tail.stream)) return 1;
    const [h, w] = encoding.shape as [number, number];
    return this.pacer.displayBin(h, w, previewable(tail.stream) ? PREVIEW_BIN : 1);
  }

  /**
   * The newest point of a latest-only stream, for a live client: sent now unless the previous one is
   * still on its way (it is then owed, and sent when that one is acknowledged). `frames(bin)` builds
   * (or reuses) the frame binned for a client.
   */
  offerLatest(tail: StreamTail, frames: (bin: number) => Uint8Array[]): void {
    if (this.closed || !this.pacer.offer(tail.id)) return;
    const bin = this.binOf(tail);
    this.refine.delete(tail.id);
    const out = frames(bin);
    if (out.length !== 1) {
      // Not one frame (nothing decodable): nothing to pace.
      for (const frame of out) this.socket.emit('scan:data', frame);
      return;
    }
    const frame = out[0]!;
    this.pacer.sent(tail.id, frame.byteLength, performance.now());
    const sends = (this.sends.get(tail.id) ?? 0) + 1;
    this.sends.set(tail.id, sends);
    this.socket.timeout(ACK_TIMEOUT_MS).emit('scan:latest', frame, (error: Error | null) => {
      const owed = this.pacer.taken(tail.id, performance.now(), !!error);
      if (owed && this.live && !this.closed) this.scan.resendLatest(this, tail);
      // The frame shown was sent coarser than the display (the small first frame, a slow link) and no
      // newer one has come for REFINE_AFTER_MS: the stream publishes rarely, so the same frame goes again
      // at the display's binning rather than staying coarse until the next. Not sooner: on a slow link
      // that big frame would hold back the next live one.
      else if (!error && this.displayBinOf(tail) < bin) {
        setTimeout(() => {
          if (this.closed || !this.live || this.sends.get(tail.id) !== sends || !this.pacer.offer(tail.id)) return;
          this.refine.add(tail.id);
          this.scan.resendLatest(this, tail);
        }, REFINE_AFTER_MS).unref();
      }
    });
  }

  /** The latest point of a stream sent outside the live path (catch-up), binned for this client. */
  latestFrames(tail: StreamTail, batch: BatchEntry): Uint8Array[] {
    const at = batch.index + batch.count - 1;
    return this.scan.framesOf(tail, [batch], at, at + 1, FLAG_LATEST, this.binOf(tail));
  }

  start(): void {
    void this.socket.join(this.scan.allRoom);
    // After the subscribe reply (a microtask away), so the client knows the stream ids before data.
    setImmediate(() => this.kick());
  }

  close(): void {
    this.closed = true;
    void this.socket.leave(this.scan.liveRoom);
    void this.socket.leave(this.scan.allRoom);
  }

  private sentOf(id: number, name: string): number {
    const s = this.sent.get(id);
    if (s !== undefined) return s;
    const initial = Math.max(0, Math.floor(this.have[name] ?? 0));
    this.sent.set(id, initial);
    return initial;
  }

  private caughtUp(): boolean {
    for (const tail of this.scan.tails.values()) {
      if (!tail.usable) continue;
      if (this.sentOf(tail.id, tail.stream.name) < tail.liveNext) return false;
    }
    return true;
  }

  /** Called when streams appeared or the client may be behind: catch up if needed. */
  kick(): void {
    if (this.closed) return;
    if (this.live) {
      const missing = [...this.scan.tails.values()].some((t) => t.usable && !this.liveTails.has(t.id) && t.liveNext > this.sentOf(t.id, t.stream.name));
      if (!missing) {
        for (const t of this.scan.tails.values()) this.liveTails.add(t.id);
        return;
      }
      this.leaveLive();
    }
    if (this.running) {
      this.again = true;
      return;
    }
    void this.catchUp();
  }

  /** Leaves the live room; streams received through it count as sent up to liveNext. */
  private leaveLive(): void {
    this.live = false;
    void this.socket.leave(this.scan.liveRoom);
    for (const tail of this.scan.tails.values()) if (this.liveTails.has(tail.id)) this.sent.set(tail.id, tail.liveNext);
    this.liveTails.clear();
  }

  /** Before each flush: a live client over its budget leaves the room and will be re-read from Redis. */
  checkLag(): void {
    if (!this.live || this.closed) return;
    if (queuedBytes(this.socket) <= this.ctx.clientBudgetBytes) return;
    this.leaveLive();
    this.ctx.metrics.clientDrop();
    this.ctx.logger.debug({ client: this.socket.id, scan: this.scan.key }, 'client lagging: served from Redis until caught up');
    void this.catchUp();
  }

  /**
   * Entries for the next catch-up read of a stream: what fits in half the send budget, so a lagging
   * client never makes the server hold much more than its budget, whatever the batch size.
   */
  private entriesPerRead(streamId: number): number {
    const bytes = this.entryBytes.get(streamId);
    if (bytes === undefined) return 1;
    return Math.max(1, Math.min(CATCH_UP_ENTRIES, Math.floor(this.queueLimit() / 2 / Math.max(bytes, 1))));
  }

  private queueLimit(): number {
    return Math.min(CATCH_UP_QUEUE_BYTES, this.ctx.clientBudgetBytes / 2);
  }

  /** Until the client's queue has room, and no reply it waits for is being prepared (bounded). */
  private async waitForBudget(): Promise<void> {
    const since = Date.now();
    const held = () => this.ctx.repliesPending(this.socket) > 0 && Date.now() - since < REPLY_PRIORITY_MAX_MS;
    while (!this.closed && this.socket.connected && (queuedBytes(this.socket) > this.queueLimit() || held())) await sleep(10);
  }

  private async catchUp(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      do {
        this.again = false;
        while (!this.closed && this.socket.connected) {
          for (const tail of [...this.scan.tails.values()]) {
            if (!tail.usable || this.closed) continue;
            const name = tail.stream.name;
            let sent = this.sentOf(tail.id, name);
            if (sent >= tail.liveNext) continue;
            await this.waitForBudget();
            if (tail.delivery === 'latest') {
              await this.sendLatest(tail.id);
              this.sent.set(tail.id, tail.liveNext);
              continue;
            }
            let range;
            try {
              range = await tail.stream.readRange(sent, tail.liveNext, this.entriesPerRead(tail.id));
            } catch (error) {
              if (!(error instanceof BlissdataError)) throw error;
              // Undecodable entries break this stream only.
              tail.onError(error);
              continue;
            }
            if (range.expired) {
              await this.ctx.expired(this.scan, tail, range.expired[0], range.expired[1], (m) => this.socket.emit('scan:expired', m), (f) => this.socket.emit('scan:data', f));
              sent = range.expired[1];
            }
            if (range.batches.length) this.entryBytes.set(tail.id, range.batches.reduce((n, b) => n + b.payload.byteLength, 0) / range.batches.length);
            const end = Math.min(tail.liveNext, range.index + range.count);
            if (range.count > 0 && end > sent) {
              for (const frame of this.scan.framesOf(tail, range.batches, sent, end, 0)) this.socket.emit('scan:data', frame);
              sent = end;
            } else if (!range.expired) {
              // Nothing readable below liveNext: do not spin; the tail will bring what comes next.
              sent = tail.liveNext;
            }
            this.sent.set(tail.id, sent);
          }
          // Rejoin only once the client has drained what it was sent: a lagging client that is "caught
          // up" only because its data sit in its send queue must not get more. No await between the
          // final checks and joining: the next flush cannot slip in between.
          if (this.caughtUp()) {
            if (queuedBytes(this.socket) > this.queueLimit()) {
              await this.waitForBudget();
              continue;
            }
            this.live = true;
            for (const t of this.scan.tails.values()) this.liveTails.add(t.id);
            void this.socket.join(this.scan.liveRoom);
            break;
          }
        }
      } while (this.again && !this.closed && !this.live);
    } catch (error) {
      this.ctx.logger.warn({ client: this.socket.id, scan: this.scan.key, err: (error as Error).message }, 'catch-up read failed');
      this.socket.emit('status', { state: 'redis-down', message: (error as Error).message });
      if (!this.closed) setTimeout(() => this.kick(), 1000);
    } finally {
      this.running = false;
    }
  }

  private async sendLatest(streamId: number): Promise<void> {
    const tail = [...this.scan.tails.values()].find((t) => t.id === streamId);
    if (!tail || tail.stream.kind === 'lima' || tail.stream.kind === 'lima2') return;
    const { batch } = await tail.stream.latest(0);
    if (!batch) return;
    for (const frame of this.latestFrames(tail, batch)) this.socket.emit('scan:data', frame);
  }
}
