/**
 * Every stream of one subscribed scan, keyed by `StreamMeta.id` (the id data frames carry), fed by
 * `scan:doc`, `scan:progress`, `scan:data` and `scan:expired`. Buffers are created on the first frame
 * of a stream (a frame describes its own dtype and point shape), so streams nobody receives cost
 * nothing. `version` moves on every change of any stream: one cheap "did anything change" check per
 * animation frame.
 *
 * Streams the server delivers `latest` (images, big spectra), and any frame flagged FLAG_LATEST, are
 * kept latest-only; a FLAG_PREVIEW frame (2×2-binned live preview of a big image) is held with its own
 * shape and marked `latestPreview`. JSON frames (dtype `json`) are not numeric data and are left to their own store.
 * Every stream kept in full shares one raw window (scan-window.ts: a byte budget for the scan spread
 * over its streams) and one window start: when a write moves one stream's window, the others follow, so
 * the x and y of a curve always cover the same raw points and the same summarised ones.
 * Malformed frames never throw out of here (they arrive in socket handlers): the error is kept per
 * stream id in `errors` (-1 for undecodable frames) and the frame is dropped.
 */
import { parseDtype } from '../blissdata/dtype';
import type { ScanProgress, ScanSnapshot, StreamMeta } from '../wire/contract';
import { decodeFrame, FLAG_LATEST, FLAG_PREVIEW, type Frame } from '../wire/frame';
import { scanWindowPoints } from './scan-window';
import { StreamBuffer } from './stream-buffer';

/** dtype of the frames that carry JSON values (server/live/frame-builder.ts). */
const JSON_DTYPE = 'json';

export class ScanBuffers {
  readonly key: string;
  /** Subscription id of the frames to accept (ScanSnapshot.scanId); undefined accepts any. */
  scanId: number | undefined;
  /** Incremented on every change to any stream or to the stream list. */
  version = 0;
  /** Last error per stream id (bad frame, bad dtype...); -1 for frames that could not be decoded. */
  readonly errors = new Map<number, string>();
  private readonly buffers = new Map<number, StreamBuffer>();
  private readonly metas = new Map<number, StreamMeta>();
  private readonly idByName = new Map<string, number>();
  /** Raw points per stream (from the streams' sizes once the document is known). */
  private windowPoints = scanWindowPoints(8);
  /** First point held raw by every stream kept in full. */
  private windowStart = 0;

  constructor(key: string, scanId?: number) {
    this.key = key;
    this.scanId = scanId;
  }

  /** Applies a `scan:doc` snapshot: subscription id, stream names, dtypes, delivery. */
  applySnapshot(snapshot: ScanSnapshot): void {
    if (snapshot.key !== this.key) return;
    this.scanId = snapshot.scanId;
    for (const meta of snapshot.streams) {
      this.metas.set(meta.id, meta);
      this.idByName.set(meta.name, meta.id);
      const buffer = this.buffers.get(meta.id);
      if (buffer && meta.delivery === 'latest') buffer.setLatestOnly(true);
    }
    this.rebudget();
    this.version++;
  }

  /** Raw points each stream kept in full holds at most. */
  get window(): number {
    return this.windowPoints;
  }

  /**
   * Spreads the scan's budget over the streams it holds in full (those received: streams nobody asks
   * for cost nothing, so they do not shrink the others' window).
   */
  private rebudget(): void {
    let bytes = 0;
    for (const b of this.buffers.values()) if (!b.latestOnly) bytes += b.pointSize * b.dtype.arrayType.BYTES_PER_ELEMENT;
    this.windowPoints = scanWindowPoints(bytes);
    for (const b of this.buffers.values()) if (!b.latestOnly) b.setWindow(this.windowPoints);
    this.followWindow();
  }

  /** Moves every stream kept in full to the newest window start of any of them. */
  private followWindow(): void {
    let start = this.windowStart;
    for (const b of this.buffers.values()) if (!b.latestOnly) start = Math.max(start, b.windowStart);
    this.windowStart = start;
    for (const b of this.buffers.values()) if (!b.latestOnly && b.windowStart < start) b.evictTo(start);
  }

  /** Applies `scan:progress`: stream lengths and seals (the buffers fill from frames). */
  applyProgress(progress: ScanProgress): void {
    if (progress.key !== this.key) return;
    for (const p of progress.streams) {
      const meta = this.metas.get(p.id);
      if (!meta) continue;
      meta.length = p.length;
      meta.sealed = p.sealed;
      if (p.lima) meta.lima = p.lima;
    }
    this.version++;
  }

  meta(id: number): StreamMeta | undefined {
    return this.metas.get(id);
  }

  idOf(name: string): number | undefined {
    return this.idByName.get(name);
  }

  stream(id: number): StreamBuffer | undefined {
    return this.buffers.get(id);
  }

  streamByName(name: string): StreamBuffer | undefined {
    const id = this.idByName.get(name);
    return id === undefined ? undefined : this.buffers.get(id);
  }

  /**
   * Applies one `scan:data` frame. Returns the stream's buffer, or null when the frame was dropped
   * (another subscription, a JSON frame, or an error recorded in `errors`).
   */
  applyFrame(input: ArrayBuffer | Uint8Array | Frame): StreamBuffer | null {
    let frame: Frame;
    try {
      frame = input instanceof ArrayBuffer || input instanceof Uint8Array ? decodeFrame(input) : input;
    } catch (e) {
      this.errors.set(-1, e instanceof Error ? e.message : String(e));
      return null;
    }
    if (this.scanId !== undefined && frame.scanId !== this.scanId) return null;
    if (frame.dtype === JSON_DTYPE) return null;
    const meta = this.metas.get(frame.streamId);
    try {
      let buffer = this.buffers.get(frame.streamId);
      // A stream whose dtype changed (re-created stream id) cannot be read with the old one.
      if (buffer && buffer.dtype.str !== parseDtype(frame.dtype).str) buffer = undefined;
      const latest = (frame.flags & FLAG_LATEST) !== 0 || meta?.delivery === 'latest' || (!meta && frame.pointShape.length >= 2);
      if (!buffer) {
        buffer = new StreamBuffer({
          dtype: frame.dtype,
          pointShape: frame.pointShape,
          latestOnly: latest,
          capacity: latest ? 1 : Math.min(this.windowPoints, Math.max(64, meta?.length ?? 0, frame.index + frame.count)),
          window: this.windowPoints,
        });
        // A stream that starts late starts at the scan's window.
        if (!latest) buffer.evictTo(this.windowStart);
        this.buffers.set(frame.streamId, buffer);
        this.rebudget();
      } else if (latest && !buffer.latestOnly) {
        // Keeping "all" while the server skips points would fill them with NaN images.
        buffer.setLatestOnly(true);
        this.rebudget();
      }
      const before = buffer.windowStart;
      buffer.write(frame.index, frame.count, frame.payload, frame.pointShape, (frame.flags & FLAG_PREVIEW) !== 0);
      if (buffer.windowStart > before && !buffer.latestOnly) this.followWindow();
      this.errors.delete(frame.streamId);
      this.version++;
      return buffer;
    } catch (e) {
      this.errors.set(frame.streamId, e instanceof Error ? e.message : String(e));
      return null;
    }
  }

  /** Applies `scan:expired`. Returns false for another scan or a stream not known (or not numeric). */
  applyExpired(message: { key: string; stream: string; from: number; to: number }): boolean {
    if (message.key !== this.key) return false;
    const id = this.idByName.get(message.stream);
    if (id === undefined) return false;
    let buffer = this.buffers.get(id);
    if (!buffer) {
      const meta = this.metas.get(id);
      if (!meta || meta.dtype === null || meta.shape.some((d) => d < 0)) return false;
      try {
        buffer = new StreamBuffer({ dtype: meta.dtype, pointShape: meta.shape, latestOnly: meta.delivery === 'latest', window: this.windowPoints });
      } catch (e) {
        this.errors.set(id, e instanceof Error ? e.message : String(e));
        return false;
      }
      if (!buffer.latestOnly) buffer.evictTo(this.windowStart);
      this.buffers.set(id, buffer);
      this.rebudget();
    }
    const before = buffer.windowStart;
    buffer.markExpired(message.from, message.to);
    if (buffer.windowStart > before && !buffer.latestOnly) this.followWindow();
    this.version++;
    return true;
  }

  /**
   * `SubscribeRequest.have` for a resume: per stream name, the points held from 0 without a hole that
   * could still fill (data continues from there; expired gaps do not stop it).
   */
  have(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, id] of this.idByName) {
      const buffer = this.buffers.get(id);
      if (buffer) out[name] = buffer.contiguous;
    }
    return out;
  }
}
