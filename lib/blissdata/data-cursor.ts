/**
 * Cursor over one data stream: turns tailed entries into contiguous batches, reporting points trimmed
 * at the head (expired) and the seal. Usable as a MultiplexedReader tail through `cursorId`.
 */
import { PayloadDecodeError } from './errors';
import { parseDataEntry, type BatchEntry, type RawEntry } from './stream-entries';

export interface CursorRead {
  /** Index of the first point of `batches[0]`. */
  index: number;
  batches: BatchEntry[];
  count: number;
  /** Points lost between the previous read and this one (trimmed by the memory tracker), or null. */
  expired: [number, number] | null;
  /** Set once the seal is reached: the stream's total length. */
  sealedAt: number | null;
}

export class DataCursor {
  /** Index of the next point expected. */
  next: number;
  sealedAt: number | null = null;

  constructor(
    readonly streamKey: string,
    next = 0,
  ) {
    this.next = next;
  }

  /** XREAD id for this cursor: `n` means `n-0`, so the batch with id `n-1` comes next. */
  get cursorId(): string {
    return `${this.next}-0`;
  }

  /** Consumes entries read after `cursorId` (they must start at or after `next`). */
  consume(entries: readonly RawEntry[]): CursorRead {
    const start = this.next;
    const batches: BatchEntry[] = [];
    let expired: [number, number] | null = null;
    let next = this.next;
    for (const raw of entries) {
      const entry = parseDataEntry(this.streamKey, raw);
      if (entry.kind === 'seal') {
        if (entry.total > next && !batches.length && expired === null) expired = [next, entry.total];
        this.sealedAt = entry.total;
        next = Math.max(next, entry.total);
        break;
      }
      if (entry.index < next) {
        throw new PayloadDecodeError(this.streamKey, entry.id, `batch starts at ${entry.index}, before the cursor at ${next}`);
      }
      if (entry.index > next) {
        if (batches.length) {
          // A hole inside one read: deliver what precedes it; the rest comes with the next read.
          break;
        }
        expired = [next, entry.index];
      }
      batches.push(entry);
      next = entry.index + entry.count;
    }
    this.next = next;
    const index = batches[0]?.index ?? start;
    const count = batches.reduce((n, b) => n + b.count, 0);
    return { index, batches, count, expired, sealedAt: this.sealedAt };
  }
}
