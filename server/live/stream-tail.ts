/**
 * The one shared tail of a data stream: fed by the multiplexed XREAD (or, for streams where only the
 * newest point matters, by polling the last entry), it keeps what arrived since the last flush.
 * `liveNext` is the index up to which points went to the scan's live room: a client caught up to it
 * can join the room without gap or duplicate.
 */
import { DataCursor } from '../../lib/blissdata/data-cursor';
import type { DataStream } from '../../lib/blissdata/data-stream';
import { framesAvailable, mergeLimaStatus, parseLimaStatus } from '../../lib/blissdata/lima';
import type { Tail } from '../../lib/blissdata/multiplexed-reader';
import type { BatchEntry, RawEntry } from '../../lib/blissdata/stream-entries';
import type { StreamMeta, StreamProgress } from '../../lib/wire/contract';
import { lima2Progress } from '../data/lima2-frames';
import { streamPointBytes } from './frame-builder';

/** Images bigger than this are sent latest-only: clients fetch any other frame on demand. */
const LATEST_ONLY_POINT_BYTES = 256 * 1024;

export type PendingItem = { type: 'batches'; from: number; to: number; batches: BatchEntry[] } | { type: 'expired'; from: number; to: number };

export class StreamTail implements Tail {
  readonly key: string;
  cursor: string;
  readonly delivery: 'all' | 'latest';
  liveNext: number;
  private readonly dataCursor: DataCursor;
  private pending: PendingItem[] = [];
  /** For latest-only streams: the newest batch not yet flushed. */
  private latestBatch: BatchEntry | null = null;
  length: number;
  sealed = false;
  error: string | null;
  lima: { framesAvailable: number; lastSaved: number } | undefined;
  /** True while tailed by the multiplexed reader (false for polled and finished streams). */
  tailed = false;
  /** Polled streams: whether the first (whole-stream) poll happened. */
  private polled = false;

  constructor(
    readonly id: number,
    readonly stream: DataStream,
    start: { length: number; sealed: boolean },
    private readonly onChange: (tail: StreamTail) => void,
  ) {
    this.key = stream.key;
    this.length = start.length;
    this.sealed = start.sealed;
    this.liveNext = start.length;
    this.dataCursor = new DataCursor(stream.key, start.length);
    this.cursor = this.dataCursor.cursorId;
    this.error = stream.error ?? null;
    const ndim = stream.encoding?.type === 'numeric' ? stream.encoding.shape.length : 0;
    this.delivery = stream.kind === 'lima' || stream.kind === 'lima2' || ndim >= 2 || streamPointBytes(stream) >= LATEST_ONLY_POINT_BYTES ? 'latest' : 'all';
    if (stream.kind === 'lima' || stream.kind === 'lima2') this.lima = { framesAvailable: 0, lastSaved: -1 };
  }

  get usable(): boolean {
    return this.error === null && (this.stream.kind === 'array' || this.stream.kind === 'json' || this.stream.kind === 'hdf5_fallback' || this.stream.kind === 'lima' || this.stream.kind === 'lima2' || this.stream.kind === 'scan_sequence');
  }

  /** Entries from the multiplexed reader. */
  onEntries(entries: RawEntry[]): void {
    if (this.error) return;
    const read = this.dataCursor.consume(entries);
    this.cursor = this.dataCursor.cursorId;
    if (read.expired) this.pending.push({ type: 'expired', from: read.expired[0], to: read.expired[1] });
    if (read.batches.length) {
      // Coalesce with what the previous reads of this flush brought, so a flush sends one frame per
      // stream, not one per XREAD round (at 1 kHz, one point per XADD, that was ~25 frames per flush).
      const last = this.pending.at(-1);
      if (last?.type === 'batches' && last.to === read.index) {
        for (const batch of read.batches) last.batches.push(batch);
        last.to = read.index + read.count;
      } else this.pending.push({ type: 'batches', from: read.index, to: read.index + read.count, batches: read.batches });
    }
    this.length = this.dataCursor.next;
    if (read.sealedAt !== null) this.sealed = true;
    this.onChange(this);
  }

  /** The scan ended without sealing this stream (forced deletion): nothing more will come, stop tailing it. */
  endUnsealed(): void {
    if (this.sealed) return;
    this.sealed = true;
    this.onChange(this);
  }

  onError(error: Error): void {
    if (this.error) return;
    this.error = error.message;
    this.pending = [];
    this.latestBatch = null;
    this.onChange(this);
  }

  /**
   * For polled (latest-only) streams: the newest entry, read with one XREVRANGE. The first poll looks at
   * the whole stream, so a finished Lima scan still reports its last status.
   */
  async poll(): Promise<void> {
    if (this.polled && this.sealed && this.length <= this.liveNext) return;
    const { batch, sealed, length } = await this.stream.latest(this.polled ? this.length : 0);
    this.polled = true;
    if (!batch && sealed === this.sealed && length === this.length) return;
    if (batch) {
      if (this.stream.kind === 'lima') this.updateLima(batch);
      else if (this.stream.kind !== 'lima2') this.latestBatch = batch;
    }
    this.length = Math.max(this.length, length);
    this.sealed = sealed;
    if (this.stream.kind === 'lima2') this.lima = lima2Progress(this.stream, batch, this.lima, sealed);
    this.onChange(this);
  }

  private updateLima(batch: BatchEntry): void {
    const decoded = this.stream.decode([batch]);
    if (decoded.type !== 'json') return;
    const seen = this.lima && { lastIndex: this.lima.framesAvailable - 1, lastIndexSaved: this.lima.lastSaved };
    const status = mergeLimaStatus(seen, parseLimaStatus(decoded.values.at(-1)));
    this.lima = { framesAvailable: framesAvailable(status), lastSaved: status.lastIndexSaved };
  }

  /** What arrived since the last flush; advances `liveNext` past it. */
  take(): { items: PendingItem[]; latest: BatchEntry | null } {
    const items = this.pending;
    const latest = this.latestBatch;
    this.pending = [];
    this.latestBatch = null;
    this.liveNext = this.delivery === 'latest' ? this.length : this.dataCursor.next;
    return { items, latest };
  }

  get done(): boolean {
    return this.sealed && this.polled && this.pending.length === 0 && this.latestBatch === null;
  }

  meta(): StreamMeta {
    const encoding = this.stream.encoding;
    const info = this.stream.info;
    return {
      id: this.id,
      name: this.stream.name,
      kind: this.stream.kind,
      dtype: encoding?.type === 'numeric' ? encoding.dtype_str : null,
      shape: encoding?.type === 'numeric' ? [...encoding.shape] : Array.isArray(info.shape) ? (info.shape as number[]) : [],
      delivery: this.delivery,
      length: this.length,
      sealed: this.sealed,
      firstAvailable: 0,
      unit: typeof info.unit === 'string' ? info.unit : null,
      error: this.error,
      ...(this.lima ? { lima: this.lima } : {}),
    };
  }

  progress(): StreamProgress {
    return { id: this.id, length: this.length, sealed: this.sealed, ...(this.lima ? { lima: this.lima } : {}) };
  }
}
