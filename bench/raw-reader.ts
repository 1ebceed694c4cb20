/**
 * The raw baseline: the same streams read straight from Redis with ioredis XREAD (Buffer replies) and
 * decoded into typed arrays (entry parsing with the project's DataCursor, points copied into the same
 * StreamBuffer the browser uses), without Lantern. One connection, one XREAD over all streams per round.
 */
import type { Redis } from 'ioredis';
import { DataCursor } from '../lib/blissdata/data-cursor';
import { toStreamReads } from '../lib/blissdata/stream-entries';
import { StreamBuffer } from '../lib/live-data/stream-buffer';

/** Entries per stream per XREAD: 200 (as Lantern's tail) read fastest of 100..5000 on the development machine, for both batch sizes. */
export const RAW_XREAD_COUNT = 200;

export interface RawStream {
  key: string;
  cursor: DataCursor;
  buffer: StreamBuffer;
}

export class RawReader {
  readonly streams: RawStream[];
  reads = 0;
  points = 0;
  stopped = false;
  /** Called for each decoded read of a stream (latency baseline). */
  onBatch: ((stream: RawStream, index: number, count: number, receivedAt: number) => void) | null = null;

  constructor(
    private readonly redis: Redis,
    keys: string[],
    options: { start?: number; capacity?: number; count?: number } = {},
  ) {
    this.count = options.count ?? RAW_XREAD_COUNT;
    this.streams = keys.map((key) => ({ key, cursor: new DataCursor(key, options.start ?? 0), buffer: new StreamBuffer({ dtype: '<f8', pointShape: [], capacity: options.capacity ?? 64 }) }));
  }

  private readonly count: number;

  /** Reads until every stream holds `points` points (or stop()); returns the elapsed ms. */
  async readUntil(points: number, blockMs = 1000): Promise<number> {
    const t0 = performance.now();
    const byKey = new Map(this.streams.map((s) => [s.key, s]));
    let active = this.streams.filter((s) => s.cursor.next < points);
    while (active.length && !this.stopped) {
      this.reads++;
      const reply = await this.redis.xreadBuffer('COUNT', this.count, 'BLOCK', blockMs, 'STREAMS', ...active.map((s) => s.key), ...active.map((s) => s.cursor.cursorId));
      const receivedAt = performance.timeOrigin + performance.now();
      for (const [key, entries] of toStreamReads(reply)) {
        const stream = byKey.get(key)!;
        const read = stream.cursor.consume(entries);
        for (const batch of read.batches) stream.buffer.write(batch.index, batch.count, batch.payload);
        this.points += read.count;
        this.onBatch?.(stream, read.index, read.count, receivedAt);
      }
      active = active.filter((s) => s.cursor.next < points);
    }
    return performance.now() - t0;
  }
}
