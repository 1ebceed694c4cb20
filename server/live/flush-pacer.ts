/**
 * When live data go out: at once while the server is idle, so a point leaves as soon as it is read
 * instead of waiting for the next flush tick (that wait was most of the latency at 1-10 kHz); coalesced
 * to one flush per interval under load, where each flush's per-stream, per-viewer cost (encoding,
 * framing, one write per client) would compete with reading Redis. Load is the event loop's
 * utilisation over the last window (Node's measure of how busy a loop is); two thresholds keep the mode
 * from flapping when the load sits near one of them.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Coalescing starts when the loop is busier than this share of the time... */
export const COALESCE_ABOVE = 0.6;
/** ...and stops when it is idler than this. */
export const IMMEDIATE_BELOW = 0.35;
/** Utilisation is measured over windows of at least this length (shorter ones are noise). */
const WINDOW_MS = 100;

export class FlushPacer {
  private loaded = false;

  /** Whether data should wait for the flush tick (true) or go out at once (false). */
  get coalescing(): boolean {
    return this.loaded;
  }

  /** One window's event-loop utilisation, 0-1. */
  observe(utilisation: number): void {
    if (this.loaded ? utilisation < IMMEDIATE_BELOW : utilisation > COALESCE_ABOVE) this.loaded = !this.loaded;
  }
}

/** The event-loop utilisation of this thread, fed to a pacer once per window. */
export class LoadSampler {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private lastAt = performance.now();

  constructor(private readonly pacer: FlushPacer) {}

  /** Called often (each flush tick); measures when a window has passed. */
  sample(): void {
    const now = performance.now();
    if (now - this.lastAt < WINDOW_MS) return;
    const current = performance.eventLoopUtilization();
    this.pacer.observe(performance.eventLoopUtilization(current, this.last).utilization);
    this.last = current;
    this.lastAt = now;
  }
}

/**
 * Flushes made at once may take at most this share of the loop's time. One flush's cost grows with the
 * viewers it writes to: for one viewer it is a fraction of a millisecond and the next may follow almost
 * at once; for fifty it is milliseconds, and flushing after every XREAD round would spend the loop on
 * per-viewer writes of tiny frames (bench fanout: 50 viewers cost 3x the CPU of one).
 */
export const IMMEDIATE_SHARE = 0.1;
/** Flushes cheaper than this are never spaced: one viewer's flush costs a fraction of it. */
export const SPACED_ABOVE_MS = 2;

/** How long the next flush made at once should wait so that flushing stays within IMMEDIATE_SHARE. */
export class FlushSpacing {
  private lastEnd = Number.NEGATIVE_INFINITY;
  private lastCost = 0;

  /** Milliseconds to wait before flushing at `now` (0: at once). */
  delay(now: number): number {
    if (this.lastCost < SPACED_ABOVE_MS) return 0;
    return Math.max(0, this.lastCost / IMMEDIATE_SHARE - (now - this.lastEnd));
  }

  /** A flush ran from `start` to `end` (its writes included). */
  done(start: number, end: number): void {
    this.lastCost = Math.max(0, end - start);
    this.lastEnd = end;
  }
}
