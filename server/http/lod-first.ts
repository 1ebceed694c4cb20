/**
 * Level-of-detail replies go before whole-stream statistics. A page opening a finished long scan asks
 * for both at once (the summary to draw, the figures over every point); the statistics read every
 * point of y, x and monitor and sort them, which, run alongside, slowed the summary the page waits for
 * to draw anything. A statistics request therefore starts once no level of detail is being answered,
 * or after a bounded wait: it is only held back, never refused.
 */
const MAX_WAIT_MS = 2000;

export class LodFirst {
  private running = 0;
  private waiting: (() => void)[] = [];

  /** Runs a level-of-detail reply, counted as in progress until it settles. */
  async reply<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      if (--this.running === 0) for (const wake of this.waiting.splice(0)) wake();
    }
  }

  /** Resolves once no level of detail is being answered, or after `maxMs`. */
  idle(maxMs = MAX_WAIT_MS): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting = this.waiting.filter((w) => w !== wake);
        resolve();
      };
      const timer = setTimeout(wake, maxMs);
      this.waiting.push(wake);
    });
  }
}
