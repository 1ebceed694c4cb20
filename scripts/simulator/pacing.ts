/**
 * Timing of published points: `--rate` is points per second, measured from the first point so a slow
 * Redis or a busy event loop makes the scan catch up (like hardware that keeps counting) instead of
 * drifting. Every wait ends early when the scan is aborted.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** Resolves after `ms` or as soon as `signal` aborts; true when the full time elapsed. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class Pacer {
  private t0: number | null = null;
  private waits = 0;

  /** @param rate points per second; Infinity publishes as fast as possible. */
  constructor(
    readonly rate: number,
    private readonly signal?: AbortSignal,
  ) {
    if (!(rate > 0)) throw new RangeError(`rate must be > 0 Hz, got ${rate}`);
  }

  /** Milliseconds since the first point. */
  get elapsedMs(): number {
    return this.t0 === null ? 0 : performance.now() - this.t0;
  }

  /**
   * Waits until point `index` (0-based) is due. Returns false when the scan was aborted meanwhile.
   * The first call starts the clock.
   */
  async waitFor(index: number): Promise<boolean> {
    if (this.t0 === null) this.t0 = performance.now();
    if (this.signal?.aborted) return false;
    const delay = this.t0 + (index * 1000) / this.rate - performance.now();
    if (delay >= 1) return sleep(delay, this.signal);
    // Ahead of time or too late to sleep: still let Redis replies, timers and signals through now and then.
    if (++this.waits % 32 === 0) await yieldToLoop();
    return !this.signal?.aborted;
  }
}
