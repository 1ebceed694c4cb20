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
