/**
 * Followed scans that disappeared from Redis: deleted (blissdata's delete_scan leaves a TTL of at most
 * 10 s), expired, or flushed with the whole database. Nothing arrives on their streams to say so, so
 * their keys' TTLs are checked (one pipeline for all) and their viewers told.
 */
import type { Redis } from 'ioredis';
import { isDeletedTtl } from '../../lib/blissdata/data-store';

/** Keys among `keys` that are gone or being deleted, with the reason shown to viewers. Redis trouble: none. */
export async function goneScans(redis: Redis, keys: string[]): Promise<Map<string, string>> {
  const gone = new Map<string, string>();
  if (!keys.length) return gone;
  const replies = await redis
    .pipeline(keys.map((k) => ['ttl', k]))
    .exec()
    .catch(() => null);
  keys.forEach((key, i) => {
    const [error, ttl] = replies?.[i] ?? [new Error('no reply'), null];
    if (error || !isDeletedTtl(Number(ttl))) return;
    gone.set(key, Number(ttl) === -2 ? 'this scan is no longer in Redis: it was deleted, it expired, or the database was emptied' : 'this scan is being deleted from Redis');
  });
  return gone;
}
