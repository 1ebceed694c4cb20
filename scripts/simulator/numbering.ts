/**
 * Scan numbers per session, as a Bliss session counts them: increasing, starting after the highest number
 * already in Redis for that session (so restarting the simulator does not reuse 1, 2, 3...).
 */
import type { DataStore } from '../../lib/blissdata/data-store';

/** Highest identity number of the session's scans in Redis, 0 when none. */
export async function maxExistingScanNumber(store: DataStore, session: string): Promise<number> {
  const { redis, keys } = store;
  let max = 0;
  let cursor = '0';
  do {
    // TYPE filters out the RediSearch bookkeeping key (esrf:scan:index:hash), which shares the prefix.
    const [next, found] = (await redis.call('SCAN', cursor, 'MATCH', `${keys.scanPrefix}*`, 'TYPE', 'ReJSON-RL', 'COUNT', '1000')) as [
      string,
      string[],
    ];
    cursor = next;
    const scanKeys = found.filter((k) => keys.isScanKey(k));
    if (scanKeys.length === 0) continue;
    const ids = (await redis.call('JSON.MGET', ...scanKeys, '.id')) as (string | null)[];
    for (const text of ids) {
      if (text === null) continue;
      try {
        const id = JSON.parse(text) as { session?: unknown; number?: unknown };
        if (id.session === session && typeof id.number === 'number' && id.number > max) max = id.number;
      } catch {
        // A malformed document is not ours to judge here; it just does not count.
      }
    }
  } while (cursor !== '0');
  return max;
}

export class ScanNumbering {
  private readonly last = new Map<string, Promise<number>>();

  constructor(private readonly store: DataStore) {}

  /** The next number of `session`; concurrent callers get distinct numbers. */
  next(session: string): Promise<number> {
    const previous = this.last.get(session) ?? maxExistingScanNumber(this.store, session);
    const next = previous.then((n) => n + 1);
    // A failed lookup must not poison the session forever: the next call retries.
    this.last.set(session, next.catch(() => maxExistingScanNumber(this.store, session)));
    return next;
  }
}

const perStore = new WeakMap<DataStore, ScanNumbering>();

/** One counter per store, shared by every scenario run on it in this process. */
export function numberingFor(store: DataStore): ScanNumbering {
  let numbering = perStore.get(store);
  if (!numbering) {
    numbering = new ScanNumbering(store);
    perStore.set(store, numbering);
  }
  return numbering;
}
