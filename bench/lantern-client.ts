/**
 * A Node socket.io client of Lantern, as the browser's data layer is: frames decoded into the client's
 * typed-array buffers (lib/live-data ScanBuffers). It also checks what it receives: every frame of a
 * stream must start exactly where the previous one ended (no gap, no duplicate), and counts points.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { ScanBuffers } from '../lib/live-data/scan-buffers';
import { WIRE_PROTOCOL, type ClientToServerEvents, type ScanSnapshot, type ServerToClientEvents } from '../lib/wire/contract';
import { decodeFrame, FLAG_LATEST, type Frame } from '../lib/wire/frame';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Watched {
  buffers: ScanBuffers;
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
  private readonly byScanId = new Map<number, Watched>();
  /** Called with each decoded frame and its receipt time (ms, comparable across processes). */
  onFrame: ((frame: Frame, key: string, receivedAt: number) => void) | null = null;

  private constructor(readonly socket: ClientSocket) {
    socket.on('scan:doc', (snapshot) => this.applySnapshot(snapshot));
    socket.on('scan:progress', (progress) => this.watched.get(progress.key)?.buffers.applyProgress(progress));
    socket.on('scan:data', (raw) => this.receive(raw));
    socket.on('scan:expired', (m) => this.problems.push(`expired ${m.stream} [${m.from}, ${m.to})`));
    socket.on('scan:stream-error', (m) => this.problems.push(`stream error ${m.stream}: ${m.error}`));
  }

  static async connect(url: string): Promise<LanternClient> {
    const socket: ClientSocket = connect(url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LanternClient(socket);
  }

  private applySnapshot(snapshot: ScanSnapshot): void {
    const w = this.watched.get(snapshot.key);
    if (!w) return;
    w.buffers.applySnapshot(snapshot);
    this.byScanId.set(snapshot.scanId, w);
  }

  private receive(raw: ArrayBuffer | Uint8Array): void {
    const receivedAt = performance.timeOrigin + performance.now();
    this.lastFrameAt = receivedAt;
    const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
    this.frames++;
    this.bytes += bytes.byteLength;
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
    } catch (error) {
      this.problems.push(`undecodable frame: ${(error as Error).message}`);
      return;
    }
    const w = this.byScanId.get(frame.scanId);
    if (!w) {
      this.problems.push(`frame of unknown scan id ${frame.scanId}`);
      return;
    }
    if (!(frame.flags & FLAG_LATEST)) {
      const expected = w.next.get(frame.streamId) ?? 0;
      if (frame.index !== expected) this.problems.push(`${w.buffers.key} stream ${frame.streamId}: frame at ${frame.index}, expected ${expected}`);
      w.next.set(frame.streamId, frame.index + frame.count);
      w.points += frame.count;
      this.points += frame.count;
    }
    if (!w.buffers.applyFrame(frame)) this.problems.push(`frame dropped: ${w.buffers.errors.get(frame.streamId) ?? 'not applied'}`);
    this.onFrame?.(frame, w.buffers.key, receivedAt);
  }

  /**
   * The scan id is registered in the ack callback itself: Node's websocket client emits every message of
   * one network read in a row, so the first data frame may be handled before an `await` resumes.
   */
  subscribe(key: string): Promise<ScanSnapshot> {
    const w: Watched = { buffers: new ScanBuffers(key), next: new Map(), points: 0 };
    this.watched.set(key, w);
    return new Promise((resolve, reject) => {
      this.socket.timeout(30_000).emit('scan:subscribe', { key }, (error, reply) => {
        if (error) return reject(error);
        if (!reply.ok) return reject(new Error(`subscribe ${key}: ${reply.code}: ${reply.error}`));
        w.buffers.applySnapshot(reply.value);
        this.byScanId.set(reply.value.scanId, w);
        resolve(reply.value);
      });
    });
  }

  unsubscribe(key: string): void {
    this.socket.emit('scan:unsubscribe', { key });
    const w = this.watched.get(key);
    this.watched.delete(key);
    if (w) for (const [id, other] of this.byScanId) if (other === w) this.byScanId.delete(id);
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
      const buffer = w.buffers.stream(id);
      min = Math.min(min, buffer?.contiguous ?? 0);
      seen++;
    }
    return seen < streams ? 0 : min;
  }

  buffers(key: string): ScanBuffers | undefined {
    return this.watched.get(key)?.buffers;
  }

  close(): void {
    this.socket.disconnect();
  }
}
