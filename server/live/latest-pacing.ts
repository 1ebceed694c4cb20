/**
 * Latest-only frames (images) paced per viewer. A live image stream only ever needs its newest frame on
 * screen, so a viewer is sent one frame per stream at a time: the next goes once the client has said it
 * took the previous one in (`scan:latest` ack), and it is then the newest there is. A slow link or a busy
 * page therefore gets fewer frames, each current, instead of a queue that grows behind it.
 *
 * The frame is also sized to the viewer: a client that says its display size (device pixels, with its
 * subscribe; the web page does) gets frames binned no finer than needed to fill it, and coarser when its
 * measured intake (bytes of a frame over the time to its ack, round trip included) would take longer
 * than FRAME_BUDGET_MS to bring one. A client that says nothing keeps the default (2×2 over 2 MB). The
 * page shows the binning it got (the preview notice), so a coarser view never passes for the full one.
 */

export interface Display {
  width: number;
  height: number;
}

/** A frame should reach the viewer within this, at the intake measured for it. */
export const FRAME_BUDGET_MS = 300;
/** A frame not acknowledged by then counts as lost: the next one may go. */
export const ACK_TIMEOUT_MS = 3000;
/** Coarsest binning (a 2048² detector at 16×16 is 128²). */
export const MAX_BIN = 16;

export class LatestPacer {
  private readonly inFlight = new Map<number, { sentAt: number; bytes: number }>();
  private readonly owed = new Set<number>();
  /** Bytes per ms this client took in lately (moving average), null before its first ack. */
  rate: number | null = null;

  constructor(readonly display: Display | null) {}

  /**
   * Binning for an h×w image of `itemSize` bytes a pixel: at least what fits the display, more while a
   * frame would exceed the intake budget; `defaultBin` for a client that gave no display.
   */
  binFor(h: number, w: number, itemSize: number, defaultBin: number): number {
    let bin = defaultBin;
    if (this.display) {
      const scale = Math.min(this.display.width / w, this.display.height / h);
      bin = scale >= 1 ? 1 : Math.floor(1 / scale);
    }
    // Only for viewers that said what they show (browsers): a client that did not keeps the default.
    if (this.rate !== null && this.display) {
      const budget = this.rate * FRAME_BUDGET_MS;
      while (bin < MAX_BIN && Math.ceil(h / bin) * Math.ceil(w / bin) * itemSize > budget) bin++;
    }
    return Math.max(1, Math.min(bin, MAX_BIN));
  }

  /** Whether a frame of this stream may go now; if not, the newest is owed once the one in flight is taken. */
  offer(streamId: number): boolean {
    if (!this.inFlight.has(streamId)) return true;
    this.owed.add(streamId);
    return false;
  }

  sent(streamId: number, bytes: number, now: number): void {
    this.inFlight.set(streamId, { sentAt: now, bytes });
    this.owed.delete(streamId);
  }

  /**
   * The client took the frame in (`lost`: its ack timed out, the rate estimate is halved). Returns
   * whether a newer frame of the stream came meanwhile and is owed.
   */
  taken(streamId: number, now: number, lost: boolean): boolean {
    const frame = this.inFlight.get(streamId);
    if (!frame) return false;
    this.inFlight.delete(streamId);
    if (lost) this.rate = this.rate === null ? null : this.rate / 2;
    else {
      const sample = frame.bytes / Math.max(1, now - frame.sentAt);
      this.rate = this.rate === null ? sample : (this.rate + sample) / 2;
    }
    return this.owed.delete(streamId);
  }

  /** Forget a stream (its frames stop, e.g. the scan ended). */
  forget(streamId: number): void {
    this.inFlight.delete(streamId);
    this.owed.delete(streamId);
  }
}
