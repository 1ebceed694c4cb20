/**
 * Scan discovery through `_SCAN_HISTORY_` (one entry per created scan, field `key`): the newest scans,
 * then new ones live with a blocking read from a cursor. Scans deleted by the TTL rule are skipped.
 */
import type { Redis } from 'ioredis';
import { isDeletedTtl, type DataStore } from './data-store';
import { SCAN_HISTORY_KEY } from './keys';
import { fieldText, toEntries, toStreamReads, type RawEntry } from './stream-entries';

export interface HistoryEntry {
  /** `_SCAN_HISTORY_` entry id (creation time in ms): also the cursor to resume from. */
  id: string;
  key: string;
}

export interface IdentityFilter {
  session?: string;
  name?: string;
}

function toHistory(entries: RawEntry[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const entry of entries) {
    const key = fieldText(entry, 'key');
    if (key) out.push({ id: entry.id, key });
  }
  return out;
}

async function keepAlive(store: DataStore, entries: HistoryEntry[], filter?: IdentityFilter): Promise<HistoryEntry[]> {
  if (!entries.length) return entries;
  const pipeline = store.redis.pipeline();
  for (const e of entries) pipeline.ttl(e.key);
  const ttls = (await pipeline.exec()) ?? [];
  let alive = entries.filter((_, i) => {
    const [error, ttl] = ttls[i] ?? [null, -2];
    return !error && !isDeletedTtl(Number(ttl));
  });
  if (filter && (filter.session !== undefined || filter.name !== undefined)) {
    // JSON.MGET with a nested legacy path returns the bare identity of each scan (nil for gone/wrong type).
    const ids = (await store.redis.call('JSON.MGET', ...alive.map((e) => e.key), 'id')) as (string | null)[];
    alive = alive.filter((_, i) => {
      const text = ids[i];
      if (!text) return false;
      try {
        const id = JSON.parse(text) as { session?: unknown; name?: unknown };
        return (filter.session === undefined || id.session === filter.session) && (filter.name === undefined || id.name === filter.name);
      } catch {
        return false;
      }
    });
  }
  return alive;
}

/**
 * The newest `count` live scans, newest first, and the history cursor to follow new ones from
 * (the newest history id read, or `0-0` when the history is empty).
 */
export async function recentScans(
  store: DataStore,
  count: number,
  options: { before?: string; filter?: IdentityFilter } = {},
): Promise<{ scans: HistoryEntry[]; cursor: string }> {
  const max = options.before ? `(${options.before}` : '+';
  const raw = toHistory(toEntries(await store.redis.xrevrangeBuffer(SCAN_HISTORY_KEY, max, '-', 'COUNT', count)));
  const cursor = options.before ? options.before : (raw[0]?.id ?? '0-0');
  return { scans: await keepAlive(store, raw, options.filter), cursor };
}

/**
 * Blocks up to `blockMs` (on a connection that may block) for scans created after `cursor`.
 * Returns them oldest first with the new cursor; an empty list on timeout.
 */
export async function nextScans(
  store: DataStore,
  blockingRedis: Redis,
  cursor: string,
  options: { blockMs?: number; count?: number; filter?: IdentityFilter } = {},
): Promise<{ scans: HistoryEntry[]; cursor: string }> {
  const reply = await blockingRedis.xreadBuffer('COUNT', options.count ?? 1000, 'BLOCK', options.blockMs ?? 1000, 'STREAMS', SCAN_HISTORY_KEY, cursor);
  const [read] = toStreamReads(reply);
  if (!read) return { scans: [], cursor };
  const history = toHistory(read[1]);
  const next = read[1].at(-1)?.id ?? cursor;
  return { scans: await keepAlive(store, history, options.filter), cursor: next };
}
