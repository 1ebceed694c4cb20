/**
 * Finds the scans `_SCAN_HISTORY_` no longer lists (lib/blissdata/scan-discovery.ts) and hands those the
 * scan index does not know yet to it: once at start, and again whenever the history may have skipped
 * some (its oldest entry is newer than the point the index had read up to, e.g. after Redis was
 * unreachable for a while). One walk at a time, in small batches, never blocking the event loop.
 */
import { scanKeyspace } from '../../lib/blissdata/scan-discovery';
import type { DataStore } from '../../lib/blissdata/data-store';
import type { HistoryEntry } from '../../lib/blissdata/scan-history';
import { SCAN_HISTORY_KEY } from '../../lib/blissdata/keys';
import type { Logger } from '../logger';

export interface DiscoveryHooks {
  store: DataStore;
  logger: Logger;
  /** Whether the index wants this scan (not known yet, and not older than all it can keep). */
  wanted(scan: HistoryEntry): boolean;
  add(scans: HistoryEntry[]): Promise<void>;
}

/** How often the history is checked for a gap. */
const GAP_CHECK_MS = 30_000;

export class ScanDiscovery {
  private walking: Promise<void> | null = null;
  private again = false;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  /** Scans found by walks so far (for tests and logs). */
  found = 0;

  constructor(private readonly hooks: DiscoveryHooks) {}

  /** Walks the keyspace now, then checks for history gaps periodically against `cursor()`. */
  start(cursor: () => string): void {
    this.walk();
    this.timer = setInterval(() => void this.checkGap(cursor()), GAP_CHECK_MS);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    return this.walking ?? Promise.resolve();
  }

  /** Resolves when the current walk (if any) is over. */
  idle(): Promise<void> {
    return this.walking ?? Promise.resolve();
  }

  /** A walk of the keyspace; one more is queued if asked while walking. */
  walk(): void {
    if (this.walking) {
      this.again = true;
      return;
    }
    this.walking = this.run().finally(() => {
      this.walking = null;
      if (this.again && !this.abort.signal.aborted) {
        this.again = false;
        this.walk();
      }
    });
  }

  /** Entries the index had not read may have been trimmed from the history: walk the keyspace. */
  async checkGap(cursor: string): Promise<void> {
    try {
      const [first] = (await this.hooks.store.redis.xrange(SCAN_HISTORY_KEY, '-', '+', 'COUNT', 1)) as [string, string[]][];
      if (first && compareIds(first[0], cursor) > 0) this.walk();
    } catch (error) {
      this.hooks.logger.debug({ err: (error as Error).message }, 'scan history gap check failed');
    }
  }

  private async run(): Promise<void> {
    const started = performance.now();
    let added = 0;
    try {
      for await (const batch of scanKeyspace(this.hooks.store, { count: 500, signal: this.abort.signal })) {
        const fresh = batch.filter((s) => this.hooks.wanted(s));
        if (fresh.length) await this.hooks.add(fresh);
        added += fresh.length;
        // Let other work run between batches, whatever the keyspace size.
        await new Promise((r) => setImmediate(r));
      }
      this.found += added;
      if (added) this.hooks.logger.info({ scans: added, ms: Math.round(performance.now() - started) }, 'scans found in Redis beyond the scan history');
    } catch (error) {
      if (!this.abort.signal.aborted) this.hooks.logger.warn({ err: (error as Error).message }, 'scan keyspace walk failed');
    }
  }
}

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
