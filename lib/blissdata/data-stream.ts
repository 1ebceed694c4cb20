/**
 * One data stream of a scan (blissdata's EventStream, read side): length and seal, random access by index
 * and slice, "latest value" reads, and decoding of batches. Entry id = index of the batch's first point.
 */
import type { Redis } from 'ioredis';
import type { NumericArray } from './dtype';
import { decodeJson, decodeNumeric, type Encoding, type NumericEncoding } from './encoding';
import {
  IndexNoMoreThereError,
  IndexNotYetThereError,
  IndexWontBeThereError,
  UnsupportedStreamError,
} from './errors';
import { MAX_STREAM_ID } from './keys';
import { parseDataEntry, toEntries, type BatchEntry, type DataEntry } from './stream-entries';
import type { ResolvedKind, StreamKind } from './stream-kind';

export interface StreamLength {
  /** Points published so far (the total once sealed). */
  length: number;
  sealed: boolean;
}

/** Decoded points: a typed array for numeric streams (points × prod(pointShape) elements), values for json. */
export type DecodedPoints =
  | { type: 'numeric'; data: NumericArray; count: number; pointShape: readonly number[] }
  | { type: 'json'; values: unknown[]; count: number };

/** A contiguous run of batches read from a stream, with what was lost before it. */
export interface StreamRange {
  /** Index of the first point of `batches[0]` (may precede the requested start by a partial batch). */
  index: number;
  batches: BatchEntry[];
  /** Points covered by `batches`. */
  count: number;
  /** Points requested but trimmed from Redis by the memory tracker: [from, to), or null. */
  expired: [number, number] | null;
}

export class DataStream {
  readonly key: string;
  readonly kind: StreamKind;

  constructor(
    private readonly redis: Redis,
    readonly name: string,
    readonly pk: string,
    key: string,
    /** null when the document carries no usable encoding (the stream is then `broken`). */
    readonly encoding: Encoding | null,
    readonly info: Record<string, unknown>,
    readonly resolved: ResolvedKind,
  ) {
    this.key = key;
    this.kind = resolved.kind;
  }

  /** Why the stream cannot be read, or undefined. */
  get error(): string | undefined {
    return this.resolved.error;
  }

  private ensureReadable(): Encoding {
    if (this.encoding === null || this.resolved.error) {
      throw new UnsupportedStreamError(`stream ${this.name}: ${this.resolved.error ?? 'no encoding'}`);
    }
    return this.encoding;
  }

  private async range(min: string, max: string, count?: number): Promise<DataEntry[]> {
    const args: (string | number)[] = [this.key, min, max];
    if (count !== undefined) args.push('COUNT', count);
    return toEntries(await this.redis.xrangeBuffer(...(args as [string, string, string]))).map((e) => parseDataEntry(this.key, e));
  }

  private async revrange(max: string, min: string, count?: number): Promise<DataEntry[]> {
    const args: (string | number)[] = [this.key, max, min];
    if (count !== undefined) args.push('COUNT', count);
    return toEntries(await this.redis.xrevrangeBuffer(...(args as [string, string, string])))
      .map((e) => parseDataEntry(this.key, e))
      .reverse();
  }

  /** Length from the last entry: the seal's total, or the last batch's end. */
  async length(): Promise<StreamLength> {
    const [last] = await this.revrange('+', '-', 1);
    if (!last) return { length: 0, sealed: false };
    return last.kind === 'seal' ? { length: last.total, sealed: true } : { length: last.index + last.count, sealed: false };
  }

  async isSealed(): Promise<boolean> {
    return (await this.revrange('+', MAX_STREAM_ID, 1)).length > 0;
  }

  /** Index of the first point still in Redis (equals the length when everything was trimmed). */
  async firstAvailableIndex(): Promise<number> {
    const [first] = await this.range('-', '+', 1);
    if (!first) return 0;
    return first.kind === 'seal' ? first.total : first.index;
  }

  /**
   * Batches covering [start, stop): at most `maxEntries` entries, starting with the batch containing `start`
   * when it is still there. Points trimmed at the head are reported in `expired`.
   */
  async readRange(start: number, stop: number, maxEntries?: number): Promise<StreamRange> {
    if (stop <= start) return { index: start, batches: [], count: 0, expired: null };
    const entries = (await this.range(String(start), String(stop - 1), maxEntries)).filter((e): e is BatchEntry => e.kind === 'batch');
    if (!entries.length || entries[0]!.index > start) {
      // The batch holding `start` may begin before it (batches are not aligned with the request).
      const [previous] = await this.revrange(String(start), '-', 1);
      if (previous?.kind === 'batch' && previous.index + previous.count > start) entries.unshift(previous);
    }
    const firstIndex = entries[0]?.index;
    let expired: [number, number] | null = null;
    if (firstIndex === undefined) {
      // Nothing at or after `start` below `stop`: trimmed if the stream is already longer than `start`.
      const { length } = await this.length();
      if (length > start) expired = [start, Math.min(stop, length)];
    } else if (firstIndex > start) {
      // A later point exists, so the earlier ones were published and then trimmed.
      expired = [start, Math.min(stop, firstIndex)];
    }
    const count = entries.reduce((n, e) => n + e.count, 0);
    return { index: firstIndex ?? start, batches: entries, count, expired };
  }

  /** Decoded points [start, stop) (clipped to what exists), plus the expired part of the request. */
  async slice(start: number, stop: number): Promise<{ index: number; points: DecodedPoints; expired: [number, number] | null }> {
    const range = await this.readRange(start, stop);
    const points = this.decode(range.batches);
    const from = Math.max(start, range.index);
    const to = Math.min(stop, range.index + range.count);
    return { index: from, points: slicePoints(points, from - range.index, Math.max(from, to) - range.index), expired: range.expired };
  }

  /** One point, with blissdata's errors for not yet published, trimmed, and beyond the sealed end. */
  async get(index: number): Promise<DecodedPoints> {
    let i = index;
    if (i < 0) {
      const { length, sealed } = await this.length();
      if (!sealed) throw new IndexNotYetThereError('negative indices have no meaning before the stream is sealed');
      i += length;
      if (i < 0) throw new IndexWontBeThereError(`index ${index} out of range (${length} points)`);
    }
    const [entry] = await this.revrange(String(i), '-', 1);
    if (entry?.kind === 'batch' && entry.index + entry.count > i) {
      return slicePoints(this.decode([entry]), i - entry.index, i - entry.index + 1);
    }
    const { length, sealed } = await this.length();
    if (!entry && i < length) throw new IndexNoMoreThereError(`index ${i} of ${this.name} was trimmed from Redis`);
    if (sealed) throw new IndexWontBeThereError(`stream ${this.name} is sealed at ${length} points: there will be no index ${i}`);
    throw new IndexNotYetThereError(`index ${i} of ${this.name} is not published yet`);
  }

  /**
   * The last batch at or after `after` (blissdata's "last value only" mode, used for Lima statuses, spectra
   * and images): null when nothing new. A seal is looked behind for the last real batch.
   */
  async latest(after = 0): Promise<{ batch: BatchEntry | null; sealed: boolean; length: number }> {
    const [last] = await this.revrange('+', String(after), 1);
    if (!last) return { batch: null, sealed: false, length: after };
    if (last.kind === 'batch') return { batch: last, sealed: false, length: last.index + last.count };
    if (last.total <= after) return { batch: null, sealed: true, length: last.total };
    const [previous] = await this.revrange(`${MAX_STREAM_ID}-0`, String(after), 1);
    return { batch: previous?.kind === 'batch' ? previous : null, sealed: true, length: last.total };
  }

  /** The last `count` batches (fewer if the stream has fewer), oldest first, and whether it is sealed. */
  async recent(count: number): Promise<{ batches: BatchEntry[]; sealed: boolean }> {
    const entries = await this.revrange('+', '-', count + 1);
    const sealed = entries.at(-1)?.kind === 'seal';
    const batches = entries.filter((e): e is BatchEntry => e.kind === 'batch');
    return { batches: batches.slice(Math.max(0, batches.length - count)), sealed };
  }

  /** Waits up to `timeoutMs` for the seal on a blocking-capable connection; true when sealed. */
  async waitSeal(blockingRedis: Redis, timeoutMs: number): Promise<boolean> {
    const reply = await blockingRedis.xreadBuffer('BLOCK', timeoutMs, 'STREAMS', this.key, `${MAX_STREAM_ID}-18446744073709551614`);
    return reply !== null && reply.length > 0;
  }

  /** Decodes contiguous batches into one array (no copy for a single aligned little-endian batch). */
  decode(batches: readonly BatchEntry[]): DecodedPoints {
    const encoding = this.ensureReadable();
    if (encoding.type === 'json') {
      const values = batches.map((b) => decodeJson(b.payload, { streamKey: this.key, entryId: b.id }));
      return { type: 'json', values, count: values.length };
    }
    return decodeNumericBatches(this.key, encoding, batches);
  }
}

export function decodeNumericBatches(streamKey: string, encoding: NumericEncoding, batches: readonly BatchEntry[]): DecodedPoints {
  const parts = batches.map((b) => decodeNumeric(b.payload, encoding, b.count, { streamKey, entryId: b.id }));
  const pointShape = parts[0]?.pointShape ?? encoding.shape.map((d) => Math.max(d, 0));
  if (parts.length === 1) return { type: 'numeric', data: parts[0]!.data, count: parts[0]!.count, pointShape };
  const count = parts.reduce((n, p) => n + p.count, 0);
  const total = parts.reduce((n, p) => n + p.data.length, 0);
  const ArrayType = (parts[0]?.data.constructor ?? Float64Array) as new (n: number) => NumericArray;
  const data = new ArrayType(total);
  let offset = 0;
  for (const part of parts) {
    (data as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(part.data, offset);
    offset += part.data.length;
  }
  return { type: 'numeric', data, count, pointShape };
}

/** Points [from, to) of decoded points, as views (no copy). */
export function slicePoints(points: DecodedPoints, from: number, to: number): DecodedPoints {
  if (from === 0 && to === points.count) return points;
  if (points.type === 'json') return { type: 'json', values: points.values.slice(from, to), count: to - from };
  const perPoint = points.count === 0 ? 0 : points.data.length / points.count;
  return { type: 'numeric', data: points.data.subarray(from * perPoint, to * perPoint) as NumericArray, count: to - from, pointShape: points.pointShape };
}
