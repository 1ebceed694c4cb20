/**
 * A Node socket.io client of Lantern, as the browser's data layer is: each scan followed by the shared
 * lib/client ScanFeed into typed-array buffers. It also checks what it receives: every frame of a
 * stream must start exactly where the previous one ended (no gap, no duplicate), and counts points.
 */
import { io as connect } from 'socket.io-client';
import { decodeDataFrame, frameBytes } from '../lib/client/frames';
import { handshakeAuth, type LanternSocket } from '../lib/client/request';
import { ScanFeed } from '../lib/client/scan-feed';
import type { ScanBuffers } from '../lib/live-data/scan-buffers';
import type { ScanSnapshot } from '../lib/wire/contract';
import { FLAG_LATEST, type Frame } from '../lib/wire/frame';

interface Watched {
  feed: ScanFeed;
  /** Per stream id: next expected index. */
  next: Map<number, number>;
  points: number;
}

export class LanternClient {
  readonly problems: string[] = [];
  frames = 0;
  points = 0;
  bytes = 0;
  /** Wall-clock ms of the last frame received. */
  lastFrameAt = 0;
  private readonly watched = new Map<string, Watched>();
  /** Receipt time of the frame being dispatched to the feeds. */
  private receivedAt = 0;
  /** Called with each decoded frame and its receipt time (ms, comparable across processes). */
  onFrame: ((frame: Frame, key: string, receivedAt: number) => void) | null = null;

  private constructor(readonly socket: LanternSocket) {
    // Registered before any feed: counts every frame once, and notes those no followed scan takes.
    socket.on('scan:data', (raw) => this.count(raw));
    socket.on('scan:latest', (raw) => this.count(raw));
  }

  static async connect(url: string): Promise<LanternClient> {
    const socket: LanternSocket = connect(url, { transports: ['websocket'], auth: handshakeAuth(), reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LanternClient(socket);
  }

  private count(raw: ArrayBuffer | Uint8Array): void {
    this.receivedAt = performance.timeOrigin + performance.now();
    this.lastFrameAt = this.receivedAt;
    this.frames++;
    this.bytes += frameBytes(raw).byteLength;
    let frame: Frame;
    try {
      frame = decodeDataFrame(raw);
    } catch (error) {
      this.problems.push(`undecodable frame: ${(error as Error).message}`);
      return;
    }
    if (![...this.watched.values()].some((w) => w.feed.buffers.scanId === frame.scanId)) this.problems.push(`frame of unknown scan id ${frame.scanId}`);
  }

  private check(w: Watched, frame: Frame, changed: boolean): void {
    if (!(frame.flags & FLAG_LATEST)) {
      const expected = w.next.get(frame.streamId) ?? 0;
      if (frame.index !== expected) this.problems.push(`${w.feed.key} stream ${frame.streamId}: frame at ${frame.index}, expected ${expected}`);
      w.next.set(frame.streamId, frame.index + frame.count);
      w.points += frame.count;
      this.points += frame.count;
    }
    if (!changed || w.feed.buffers.errors.has(frame.streamId)) this.problems.push(`frame dropped: ${w.feed.buffers.errors.get(frame.streamId) ?? 'not applied'}`);
    this.onFrame?.(frame, w.feed.key, this.receivedAt);
  }

  /** Resolves with the scan's document once subscribed (frames right behind the reply are kept). */
  subscribe(key: string): Promise<ScanSnapshot> {
    return new Promise((resolve, reject) => {
      const w: Watched = {
        feed: new ScanFeed(
          key,
          {
            snapshot: (snapshot) => resolve(snapshot),
            frame: (frame, changed) => {
              if (frame) this.check(w, frame, changed);
            },
            expired: (m) => this.problems.push(`expired ${m.stream} [${m.from}, ${m.to})`),
            streamError: (m) => this.problems.push(`stream error ${m.stream}: ${m.error}`),
            failed: (error) => reject(new Error(`subscribe ${key}: ${error.code}: ${error.message}`)),
          },
          { timeoutMs: 30_000 },
        ),
        next: new Map(),
        points: 0,
      };
      this.watched.set(key, w);
      w.feed.attach(this.socket);
    });
  }

  unsubscribe(key: string): void {
    this.watched.get(key)?.feed.close();
    this.watched.delete(key);
  }

  /** Points received for a scan (all streams). */
  pointsOf(key: string): number {
    return this.watched.get(key)?.points ?? 0;
  }

  /** Smallest number of contiguous points held over the scan's streams. */
  minContiguous(key: string, streams: number): number {
    const w = this.watched.get(key);
    if (!w) return 0;
    let min = Infinity;
    let seen = 0;
    for (const id of w.next.keys()) {
      const buffer = w.feed.buffers.stream(id);
      min = Math.min(min, buffer?.contiguous ?? 0);
      seen++;
    }
    return seen < streams ? 0 : min;
  }

  buffers(key: string): ScanBuffers | undefined {
    return this.watched.get(key)?.feed.buffers;
  }

  close(): void {
    this.socket.disconnect();
  }
}
