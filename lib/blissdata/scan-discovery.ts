/**
 * Every scan still in Redis, not only those `_SCAN_HISTORY_` still lists (blissdata trims it to about
 * 2048 creations, deleted scans included): an incremental `SCAN` of the scan key pattern, restricted to
 * JSON documents (the index bookkeeping key `esrf:scan:index:hash` matches the pattern too). Each SCAN
 * call does a bounded amount of work on the Redis side, so a large keyspace never blocks Redis or
 * the caller; scans deleted by the TTL rule are left out.
 */
import { isDeletedTtl, type DataStore } from './data-store';
import type { HistoryEntry } from './scan-history';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A history-like id for a scan found without its history entry: the creation time the ULID of its
 * key carries (first 10 characters, milliseconds), so it sorts among history ids; `0-0` otherwise.
 */
export function creationIdOfKey(store: DataStore, key: string): string {
  if (!store.keys.isScanKey(key)) return '0-0';
  let ms = 0;
  for (const c of store.keys.scanPk(key).slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(c);
  return Number.isSafeInteger(ms) ? `${ms}-0` : '0-0';
}

/**
 * Batches of live scans found by SCAN (`count` keys examined per call), as history entries whose id is
 * the creation time of their key. Stops when the whole keyspace was walked or `signal` aborts.
 */
export async function* scanKeyspace(store: DataStore, options: { count?: number; signal?: AbortSignal } = {}): AsyncGenerator<HistoryEntry[]> {
  let cursor = '0';
  do {
    if (options.signal?.aborted) return;
    const [next, keys] = (await store.redis.scan(cursor, 'MATCH', `${store.keys.scanPrefix}*`, 'COUNT', options.count ?? 1000, 'TYPE', 'ReJSON-RL')) as [string, string[]];
    cursor = next;
    const scans = keys.filter((k) => store.keys.isScanKey(k));
    if (!scans.length) continue;
    const ttls = (await store.redis.pipeline(scans.map((k) => ['ttl', k])).exec()) ?? [];
    const alive = scans.filter((_, i) => !ttls[i]?.[0] && !isDeletedTtl(Number(ttls[i]?.[1])));
    if (alive.length) yield alive.map((key) => ({ key, id: creationIdOfKey(store, key) }));
  } while (cursor !== '0');
}
