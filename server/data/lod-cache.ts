/**
 * Levels of detail of sealed streams, reduced once and then answered from memory. A sealed stream
 * never changes (blissdata appends, then seals), so the summary of a finished scan that every viewer
 * opening it asks for (the whole curve at the page's width) is the same each time: reducing it again
 * meant reading every point back from Redis (8 MB for a 1 M-point float64 channel) for each viewer,
 * competing with that viewer's own catch-up. Points that Redis trims later were still published: the
 * summary stays true (and they are read back from the stream's file when the raw points are asked).
 *
 * Replies that report expired points are not kept (a file may be mounted later), nor are those of
 * streams still being written. Identical requests arriving while one is being reduced share it.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import type { LodReply } from '../../lib/wire/contract';

export interface LodRange {
  from: number;
  to: number;
  buckets: number;
}

/** Summaries kept, in bytes of their data (a 2 560-bucket reply is 60 kB). */
const DEFAULT_MAX_BYTES = 32 << 20;
/** Sealed streams remembered (a key and a number each). */
const MAX_SEALED_LENGTHS = 10_000;

export class LodCache {
  /** In use order: the first key is the least recently used. */
  private readonly kept = new Map<string, LodReply>();
  /**
   * Lengths of streams seen sealed (a seal is final): a kept summary is then answered without a Redis
   * command, which would otherwise wait behind the asking viewer's own catch-up reads on the connection.
   */
  private readonly sealedLengths = new Map<string, number>();
  private readonly pending = new Map<string, Promise<LodReply>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** The level of detail of `range` of `stream`: kept if the stream is sealed, else `reduce`d each time. */
  async reply(stream: DataStream, range: LodRange, reduce: () => Promise<LodReply>): Promise<LodReply> {
    let length = this.sealedLengths.get(stream.key);
    if (length === undefined) {
      const now = await stream.length();
      if (!now.sealed) return reduce();
      length = now.length;
      this.sealedLengths.set(stream.key, length);
      if (this.sealedLengths.size > MAX_SEALED_LENGTHS) this.sealedLengths.delete(this.sealedLengths.keys().next().value!);
    }
    // The same points whatever `to` was asked beyond the end.
    const key = `${stream.key}\n${range.from}\n${Math.max(range.from, Math.min(range.to, length))}\n${range.buckets}`;
    const kept = this.kept.get(key);
    if (kept) {
      this.hits++;
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept;
    }
    const running = this.pending.get(key);
    if (running) {
      this.hits++;
      return running;
    }
    this.misses++;
    const reducing = reduce().finally(() => this.pending.delete(key));
    this.pending.set(key, reducing);
    const reply = await reducing;
    if (reply.expired === null) this.keep(key, reply);
    return reply;
  }

  private keep(key: string, reply: LodReply): void {
    const size = reply.data.byteLength;
    if (size > this.maxBytes || this.kept.has(key)) return;
    this.kept.set(key, reply);
    this.bytes += size;
    for (const [oldest, old] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(oldest);
      this.bytes -= old.data.byteLength;
    }
  }
}
