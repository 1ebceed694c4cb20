/**
 * The one multiplexed XREAD through which every followed scan and the scan index tail their streams.
 * Built on its own (server/app.ts) and handed to both, so that neither has to be built before the other.
 */
import { MultiplexedReader } from '../../lib/blissdata/multiplexed-reader';
import type { RedisConnections } from '../redis/connections';
import type { RedisStatus } from './redis-status';

export function createSharedTail(redis: RedisConnections, status: RedisStatus, flushMs: number): MultiplexedReader {
  return new MultiplexedReader(redis.tail, {
    control: redis.join,
    // A few milliseconds between XREAD rounds gather more entries per read (bench: ~1300 XREAD/s for 5
    // streams at 1 kHz without it); capped at 5 ms, since an idle server sends each round at once.
    minRoundMs: Math.max(1, Math.min(5, Math.round(flushMs / 5))),
    onStatus: ({ connected, error }) => status.set('tail', connected ? null : (error?.message ?? 'Redis unreachable')),
  });
}
