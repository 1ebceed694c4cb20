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
    // Points wait for the next flush anyway: reading at most every fifth of it gathers more entries per
    // XREAD (bench: ~1300 XREAD/s for 5 streams at 1 kHz without it).
    minRoundMs: Math.max(1, Math.round(flushMs / 5)),
    onStatus: ({ connected, error }) => status.set('tail', connected ? null : (error?.message ?? 'Redis unreachable')),
  });
}
