/**
 * Latest-only frames (images) paced per viewer. A live image stream only ever needs its newest frame on
 * screen, so a viewer is sent one frame per stream at a time: the next goes once the client has said it
 * took the previous one in (`scan:latest` ack), and it is then the newest there is. A slow link or a busy
 * page therefore gets fewer frames, each current, instead of a queue that grows behind it.
 *
 * The frame is also sized to the viewer: a client that says its display size (device pixels, with its
 * subscribe; the web page does) gets frames binned no finer than needed to fill it, and coarser when its
 * measured intake (round trip + bytes / bandwidth, see IntakeEstimate) would take longer than
 * FRAME_BUDGET_MS to bring one; its first frame, before anything is known of the link, is small. A
 * client that says nothing keeps the default (2×2 over 2 MB). The page shows the binning it got (the
 * preview notice), so a coarser view never passes for the full one.
 */

export interface Display {
  width: number;
  height: number;
}

/** A frame should reach the viewer within this, at the intake measured for it (round trip included). */
export const FRAME_BUDGET_MS = 300;
/** A frame not acknowledged by then counts as lost: the next one may go. */
export const ACK_TIMEOUT_MS = 3000;
/** Coarsest binning (a 2048² detector at 16×16 is 128²). */
export const MAX_BIN = 16;
/**
 * Before any acknowledgement the link is unknown: the first frame to a viewer that gave its display is
 * kept this small (26 ms at 10 Mbit/s), so that a slow link does not start with a frame that takes
 * seconds, and its acknowledgement measures the round trip almost alone.
 */
export const FIRST_FRAME_BYTES = 32 * 1024;
/** Acknowledgements the round-trip estimate (their minimum time) is taken over. */
const RTT_WINDOW = 32;
/** Bandwidth samples kept (the least is the estimate), and for how long. */
const BANDWIDTH_SAMPLES = 8;
const BANDWIDTH_MAX_AGE_MS = 5000;

/**
 * The intake of one viewer: round trip and bandwidth, from the times frames of known size took to be
 * acknowledged. A frame's ack time is round trip + bytes / bandwidth, where "round trip" also holds what
 * does not grow with the frame (the page's and the server's time to get to it). The round trip is the
 * least ack time lately seen (the first, small frame gives it nearly bare). Bandwidth is the slope
 * between that frame and a frame at least twice its size: the extra bytes over the extra time, so the
 * round trip is out of it. The estimate is the least of the recent slopes: a slower link or a busy page
 * makes the next frame coarser at once (the view must not lag), while a late ack (jitter) keeps frames
 * coarse only until its slope expires. Without a slope, frames double at each ack (as a TCP slow start
 * does) from the small first one. The predicted ack time is exact at the frame sizes actually sent.
 */
export class IntakeEstimate {
  private readonly acks: { bytes: number; ms: number }[] = [];
  private readonly slopes: { bandwidth: number; at: number }[] = [];
  /** Least ack time of the window, ms, and the size of that frame. */
  rttMs: number | null = null;
  rttBytes = 0;
  /** Bytes per ms beyond the round trip, null while no slope is known. */
  bandwidth: number | null = null;

  add(bytes: number, ms: number, now: number): void {
    ms = Math.max(1, ms);
    this.acks.push({ bytes, ms });
    if (this.acks.length > RTT_WINDOW) this.acks.shift();
    const least = this.acks.reduce((a, b) => (b.ms < a.ms ? b : a));
    this.rttMs = least.ms;
    this.rttBytes = least.bytes;
    if (bytes >= 2 * least.bytes && ms > least.ms) this.slopes.push({ bandwidth: (bytes - least.bytes) / (ms - least.ms), at: now });
    this.refresh(now);
  }

  /** A frame was lost (ack timed out): the link carries less than believed. */
  lost(now: number): void {
    for (const s of this.slopes) s.bandwidth /= 2;
    this.refresh(now);
  }

  private refresh(now: number): void {
    while (this.slopes.length > BANDWIDTH_SAMPLES || (this.slopes.length && now - this.slopes[0]!.at > BANDWIDTH_MAX_AGE_MS)) this.slopes.shift();
    this.bandwidth = this.slopes.length ? Math.min(...this.slopes.map((s) => s.bandwidth)) : null;
  }

  /** Largest frame acknowledged lately (the slow start doubles it). */
  private largest(): number {
    return Math.max(FIRST_FRAME_BYTES / 2, ...this.acks.slice(-4).map((a) => a.bytes));
  }

  /**
   * Whether a frame of `bytes` is expected to be acknowledged within `budgetMs`. Where the round trip
   * alone takes most of the budget (a long link, a busy page), a frame may still take a third of the
   * budget to carry: the view is then that much later than the round trip makes it anyway, rather than
   * stuck at the coarsest binning.
   */
  fits(bytes: number, budgetMs: number): boolean {
    if (this.rttMs === null) return bytes <= FIRST_FRAME_BYTES;
    if (this.bandwidth === null) return bytes <= 2 * this.largest();
    const extra = Math.max(0, bytes - this.rttBytes) / this.bandwidth;
    return this.rttMs + extra <= budgetMs || bytes / this.bandwidth <= budgetMs / 3;
  }
}

export class LatestPacer {
  private readonly inFlight = new Map<number, { sentAt: number; bytes: number }>();
  private readonly owed = new Set<number>();
  readonly intake = new IntakeEstimate();

  constructor(readonly display: Display | null) {}

  /**
   * Binning for an h×w image of `itemSize` bytes a pixel: at least what fits the display, more while a
   * frame would exceed the intake budget (or, before the first ack, FIRST_FRAME_BYTES); `defaultBin`
   * for a client that gave no display.
   */
  binFor(h: number, w: number, itemSize: number, defaultBin: number): number {
    let bin = this.displayBin(h, w, defaultBin);
    if (this.display) {
      // Only for viewers that said what they show (browsers): a client that did not keeps the default.
      while (bin < MAX_BIN && !this.intake.fits(Math.ceil(h / bin) * Math.ceil(w / bin) * itemSize, FRAME_BUDGET_MS)) bin++;
    }
    return Math.max(1, Math.min(bin, MAX_BIN));
  }

  /** Binning for the display alone (no finer than it shows), whatever the link; `defaultBin` without a display. */
  displayBin(h: number, w: number, defaultBin: number): number {
    if (!this.display) return defaultBin;
    const scale = Math.min(this.display.width / w, this.display.height / h);
    return Math.max(1, Math.min(scale >= 1 ? 1 : Math.floor(1 / scale), MAX_BIN));
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
    if (lost) this.intake.lost(now);
    else this.intake.add(frame.bytes, now - frame.sentAt, now);
    return this.owed.delete(streamId);
  }

  /** Forget a stream (its frames stop, e.g. the scan ended). */
  forget(streamId: number): void {
    this.inFlight.delete(streamId);
    this.owed.delete(streamId);
  }
}
