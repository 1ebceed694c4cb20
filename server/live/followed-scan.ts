/**
 * A scan someone watches: its state is followed and its streams tailed once, whatever the number of
 * viewers. Each flush sends what arrived to the scan's live room (one frame per stream, encoded once).
 */
import { BlissdataError } from '../../lib/blissdata/errors';
import type { Scan } from '../../lib/blissdata/scan';
import { ScanState } from '../../lib/blissdata/scan-document';
import type { Tail } from '../../lib/blissdata/multiplexed-reader';
import type { BatchEntry, RawEntry } from '../../lib/blissdata/stream-entries';
import type { ScanSnapshot, ScanSummary } from '../../lib/wire/contract';
import { FLAG_LATEST, joinChunks } from '../../lib/wire/frame';
import { BroadcastFrames } from './broadcast-frames';
import { buildFrameChunks } from './frame-builder';
import { summarize } from './scan-summary';
import { StreamTail } from './stream-tail';
import type { LanternSocket, LiveContext } from './live-context';

/** What a followed scan asks of each client following it (a Subscription, server/live/subscription.ts). */
export interface Subscriber {
  readonly socket: LanternSocket;
  /** In the live room (receiving each flush), not catching up. */
  readonly live: boolean;
  /** Offers the newest point of a latest-only stream, built at the binning this viewer needs. */
  offerLatest(tail: StreamTail, frames: (bin: number) => Uint8Array[]): void;
  checkLag(): void;
  kick(): void;
  close(): void;
}

export class FollowedScan {
  readonly tails = new Map<string, StreamTail>();
  readonly subscribers = new Set<Subscriber>();
  private readonly dirty = new Set<StreamTail>();
  private nextStreamId = 1;
  private docChanged = false;
  private stateTail: Tail | null = null;
  private stopped = false;
  readonly liveRoom: string;
  readonly allRoom: string;

  constructor(
    private readonly ctx: LiveContext<FollowedScan>,
    readonly id: number,
    readonly scan: Scan,
    readonly historyId: string,
  ) {
    this.liveRoom = `live:${scan.key}`;
    this.allRoom = `all:${scan.key}`;
  }

  get key(): string {
    return this.scan.key;
  }

  async start(): Promise<void> {
    await this.ensureTails();
    if (this.scan.forcedDeletion) for (const tail of this.tails.values()) tail.endUnsealed();
    if (this.scan.state !== ScanState.CLOSED) {
      const self = this;
      this.stateTail = {
        key: this.scan.stateKey,
        cursor: this.scan.stateCursor,
        onEntries(entries: RawEntry[]) {
          this.cursor = entries.at(-1)!.id;
          void self.onState(entries);
        },
      };
      this.ctx.reader.add(this.stateTail);
    }
  }

  private async onState(entries: RawEntry[]): Promise<void> {
    try {
      await this.scan.applyStateEntries(entries);
      await this.ensureTails();
      this.docChanged = true;
      this.ctx.schedule(this);
      if (this.scan.state === ScanState.CLOSED && this.stateTail) {
        this.ctx.reader.remove(this.stateTail);
        this.stateTail = null;
      }
      // delete_scan(force=True) seals nothing: stop tailing at once instead of waiting for seals.
      if (this.scan.forcedDeletion) for (const tail of this.tails.values()) tail.endUnsealed();
    } catch (error) {
      this.ctx.logger.warn({ scan: this.key, err: (error as Error).message }, 'scan document reload failed');
      this.ctx.io.to(this.allRoom).emit('scan:gone', { key: this.key, reason: (error as Error).message });
    }
  }

  /** Creates tails for streams that appeared (streams are known from PREPARED on). */
  private async ensureTails(): Promise<void> {
    for (const stream of this.scan.streams.values()) {
      if (this.tails.has(stream.name) || this.stopped) continue;
      let start = { length: 0, sealed: false };
      let malformed: Error | null = null;
      if (!stream.error) {
        try {
          start = await stream.length();
        } catch (error) {
          // An undecodable last entry (e.g. an id beyond any real length) breaks this stream only.
          if (error instanceof BlissdataError) malformed = error;
          else this.ctx.logger.warn({ scan: this.key, stream: stream.name, err: (error as Error).message }, 'stream length failed');
        }
      }
      if (this.tails.has(stream.name) || this.stopped) continue;
      const tail = new StreamTail(this.nextStreamId++, stream, start, (t) => this.markDirty(t));
      if (malformed) tail.onError(malformed);
      this.tails.set(stream.name, tail);
      if (stream.error) this.ctx.logger.warn({ scan: this.key, stream: stream.name, err: tail.error }, 'stream unusable');
      if (tail.usable && !tail.sealed && tail.delivery === 'all') {
        this.ctx.reader.add(tail);
        tail.tailed = true;
      }
      // Lima statuses feed the snapshot (frames acquired and saved): have them before the first reply.
      if (tail.usable && (tail.stream.kind === 'lima' || tail.stream.kind === 'lima2')) await tail.poll().catch((error: Error) => tail.onError(error));
    }
  }

  private markDirty(tail: StreamTail): void {
    this.dirty.add(tail);
    if (tail.tailed && (tail.sealed || tail.error)) {
      this.ctx.reader.remove(tail);
      tail.tailed = false;
    }
    if (tail.error) this.reportError(tail);
    this.ctx.schedule(this);
  }

  private readonly reported = new Set<number>();

  /** A stream that cannot be decoded is shown as broken (logged once); the others go on. */
  private reportError(tail: StreamTail): void {
    if (this.reported.has(tail.id)) return;
    this.reported.add(tail.id);
    this.ctx.logger.warn({ scan: this.key, stream: tail.stream.name, err: tail.error }, 'stream broken');
    this.docChanged = true;
    this.ctx.io.to(this.allRoom).emit('scan:stream-error', { key: this.key, stream: tail.stream.name, error: tail.error ?? 'unknown error' });
  }

  /** Frames for a tail, or none when its data do not decode (the tail is then marked broken). */
  framesOf(tail: StreamTail, batches: readonly BatchEntry[], from: number, to: number, flags: number, bin?: number): Uint8Array[] {
    return this.chunksOf(tail, batches, from, to, flags, bin).map(joinChunks);
  }

  /** The frames of framesOf, each as chunks (frameChunks, lib/wire/frame.ts) for a sender that copies them once. */
  private chunksOf(tail: StreamTail, batches: readonly BatchEntry[], from: number, to: number, flags: number, bin?: number): Uint8Array[][] {
    try {
      return buildFrameChunks(this.id, tail.id, tail.stream, batches, from, to, flags, bin);
    } catch (error) {
      tail.onError(error as Error);
      return [];
    }
  }

  /** Latest-only streams are polled at the flush rate (one XREVRANGE each) instead of tailing every point. */
  async pollLatest(): Promise<void> {
    const polled = [...this.tails.values()].filter((t) => t.usable && t.delivery === 'latest' && !t.done);
    await Promise.all(polled.map((t) => t.poll().catch((error: Error) => t.onError(error))));
  }

  summary(): ScanSummary {
    const published = Math.max(0, ...[...this.tails.values()].filter((t) => t.delivery === 'all' && t.stream.kind !== 'json' && t.stream.kind !== 'scan_sequence').map((t) => t.length));
    return summarize(this.key, this.historyId, this.scan.doc, this.scan.state, published);
  }

  snapshot(): ScanSnapshot {
    return {
      key: this.key,
      scanId: this.id,
      summary: this.summary(),
      identity: this.scan.identity,
      info: this.scan.info,
      streams: [...this.tails.values()].map((t) => t.meta()),
    };
  }

  /** Sends what arrived since the last flush to live viewers; demotes viewers that lag behind first. */
  flush(): void {
    for (const sub of this.subscribers) sub.checkLag();
    const io = this.ctx.io;
    if (this.docChanged) {
      this.docChanged = false;
      io.to(this.allRoom).emit('scan:doc', this.snapshot());
      for (const sub of this.subscribers) sub.kick();
    }
    if (!this.dirty.size) return;
    const tails = [...this.dirty];
    this.dirty.clear();
    let points = 0;
    let bytes = 0;
    // The live room's frames and progress leave together, built once for all its viewers (broadcast-frames.ts).
    const live = new BroadcastFrames(io);
    for (const tail of tails) {
      const { items, latest } = tail.take();
      for (const item of items) {
        if (item.type === 'expired') {
          void this.ctx.expired(this, tail, item.from, item.to, (m) => io.to(this.liveRoom).emit('scan:expired', m), (f) => io.to(this.liveRoom).emit('scan:data', f));
          continue;
        }
        points += item.to - item.from;
        for (const chunks of this.chunksOf(tail, item.batches, item.from, item.to, 0)) {
          live.addFrame(chunks);
          for (const chunk of chunks) bytes += chunk.byteLength;
        }
      }
      if (latest) {
        points++;
        this.newest.set(tail.id, latest);
        bytes += this.offerLatest(tail, latest, [...this.subscribers].filter((s) => s.live));
      }
    }
    const progress = { key: this.key, summary: this.summary(), streams: tails.map((t) => t.progress()) };
    live.add('scan:progress', progress);
    const viewers = live.sendTo(this.liveRoom);
    io.to(this.allRoom).except(this.liveRoom).emit('scan:progress', progress);
    this.ctx.metrics.pointsIn(points);
    this.ctx.metrics.framesOut(points, bytes, viewers);
    this.ctx.metrics.liveWrites(live.prebuilt, viewers - live.prebuilt);
  }

  /** Newest point of each latest-only stream, kept to serve viewers whose previous frame was in flight. */
  private readonly newest = new Map<number, BatchEntry>();

  /**
   * Frames of the newest point of each latest-only stream, per binning: built once and shared by every
   * viewer that asks for that binning, whether at the flush or later when its ack lets it take one
   * (binning a 2048² frame costs 15-30 ms of CPU).
   */
  private readonly latestBuilt = new Map<number, { at: number; byBin: Map<number, Uint8Array[]> }>();

  /** Offers the newest point of a latest-only tail to viewers (paced per viewer); bytes built. */
  private offerLatest(tail: StreamTail, batch: BatchEntry, to: readonly Subscriber[]): number {
    const at = batch.index + batch.count - 1;
    let cached = this.latestBuilt.get(tail.id);
    if (!cached || cached.at !== at) this.latestBuilt.set(tail.id, (cached = { at, byBin: new Map() }));
    const built = cached.byBin;
    let bytes = 0;
    const frames = (bin: number) => {
      let out = built.get(bin);
      if (!out) {
        built.set(bin, (out = this.framesOf(tail, [batch], at, at + 1, FLAG_LATEST, bin)));
        for (const f of out) bytes += f.byteLength;
      }
      return out;
    };
    for (const sub of to) sub.offerLatest(tail, frames);
    return bytes;
  }

  /** A viewer took a frame in while a newer one was waiting: send it that one. */
  resendLatest(sub: Subscriber, tail: StreamTail): void {
    const batch = this.newest.get(tail.id);
    if (batch) this.offerLatest(tail, batch, [sub]);
  }

  stop(): void {
    this.stopped = true;
    if (this.stateTail) this.ctx.reader.remove(this.stateTail);
    for (const tail of this.tails.values()) if (tail.tailed) this.ctx.reader.remove(tail);
  }
}
