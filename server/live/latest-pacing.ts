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

/**
 * The intake of one viewer: round trip and bandwidth, from the times frames of known size took to be
 * acknowledged. A frame's ack time is round trip + bytes / bandwidth (+ the page's time to take it in,
 * counted as round trip). The round trip is the least ack time lately seen (the first, small frame
 * gives it nearly bare); bandwidth comes from what each frame took beyond it, when that part is large
 * enough to measure (a quarter of the ack time). The predicted ack time is exact at the frame sizes
 * actually sent, which are the sizes it decides between.
 */
export class IntakeEstimate {
  private readonly acks: number[] = [];
  /** Least ack time of the window, ms. */
  rttMs: number | null = null;
  /** Bytes per ms net of the round trip, null before a frame measured it. */
  bandwidth: number | null = null;
  /** Bytes per ms over the whole ack time (the lower bound used before bandwidth is known). */
  gross: number | null = null;

  add(bytes: number, ms: number): void {
    ms = Math.max(1, ms);
    this.acks.push(ms);
    if (this.acks.length > RTT_WINDOW) this.acks.shift();
    this.rttMs = Math.min(...this.acks);
    const g = bytes / ms;
    this.gross = this.gross === null ? g : (this.gross + g) / 2;
    const transfer = ms - this.rttMs;
    if (transfer >= ms / 4) {
      const b = bytes / transfer;
      this.bandwidth = this.bandwidth === null ? b : (this.bandwidth + b) / 2;
    }
  }

  /** A frame was lost (ack timed out): halve what the link is believed to carry. */
  lost(): void {
    if (this.bandwidth !== null) this.bandwidth /= 2;
    if (this.gross !== null) this.gross /= 2;
  }

  /** Whether a frame of `bytes` is expected to be acknowledged within `budgetMs`. */
  fits(bytes: number, budgetMs: number): boolean {
    if (this.rttMs === null || this.gross === null) return bytes <= FIRST_FRAME_BYTES;
    // Bandwidth unknown (every frame so far took about the round trip): grow by the gross rate, which
    // underestimates the link, so frames grow over a few acks rather than jump.
    if (this.bandwidth === null) return bytes <= this.gross * budgetMs;
    return this.rttMs + bytes / this.bandwidth <= budgetMs;
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
    let bin = defaultBin;
    if (this.display) {
      const scale = Math.min(this.display.width / w, this.display.height / h);
      bin = scale >= 1 ? 1 : Math.floor(1 / scale);
      // Only for viewers that said what they show (browsers): a client that did not keeps the default.
      while (bin < MAX_BIN && !this.intake.fits(Math.ceil(h / bin) * Math.ceil(w / bin) * itemSize, FRAME_BUDGET_MS)) bin++;
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
    if (lost) this.intake.lost();
    else this.intake.add(frame.bytes, now - frame.sentAt);
    return this.owed.delete(streamId);
  }

  /** Forget a stream (its frames stop, e.g. the scan ended). */
  forget(streamId: number): void {
    this.inFlight.delete(streamId);
    this.owed.delete(streamId);
  }
}
