/**
 * The one read path for "points [from, to) of a stream": Redis entries first, points trimmed from Redis
 * read back from the stream's HDF5 file (hdf5_fallback), and what neither has reported as expired. The
 * REST slices, the level of detail and the socket catch-up all read through here, so they cannot
 * disagree on shapes, dtypes or trimmed points.
 *
 * Everything is produced in bounded chunks (about `chunkBytes` of point data), so a caller that
 * consumes the generator step by step never holds a whole long stream in memory nor blocks the event
 * loop on one huge decode.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { parseDtype, type DType, type NumericArray, type NumericArrayConstructor } from '../../lib/blissdata/dtype';
import { decodeJson, decodeNumeric, isVariableShape } from '../../lib/blissdata/encoding';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import type { BatchEntry } from '../../lib/blissdata/stream-entries';
import type { Hdf5Reader } from '../files/hdf5-reader';

/** Consecutive decoded numeric points sharing one point shape. */
export interface NumericRun {
  type: 'numeric';
  index: number;
  count: number;
  source: 'redis' | 'file';
  /**
   * numpy `dtype.str` of `data` as decoded: little endian, `|b1` for bool (0/1 bytes), `<c8`/`<c16` for
   * complex (interleaved re, im), `<f4` for float16.
   */
  dtype: string;
  pointShape: number[];
  /** `count × prod(pointShape)` items in C order (× 2 elements for complex). */
  data: NumericArray;
}

export interface JsonRun {
  type: 'json';
  index: number;
  count: number;
  source: 'redis';
  values: unknown[];
}

/** Points that were published but are neither in Redis nor readable from a file. */
export interface ExpiredPiece {
  type: 'expired';
  index: number;
  count: number;
  /** Why the file could not fill them (null when the stream has no file). */
  fileError: string | null;
}

export type PointRun = NumericRun | JsonRun;
export type PointPiece = PointRun | ExpiredPiece;

export interface ReadPointsOptions {
  /** Reads trimmed points back from the stream's file; without it they are reported expired. */
  hdf5?: Hdf5Reader | null;
  /** Point data per chunk, roughly (default 1 MiB). */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
/** Entries per XRANGE at most, whatever their size. */
const MAX_ENTRIES_PER_READ = 4096;

/** The dtype decoded data of `dtype` is held as (see NumericRun.dtype). */
export function decodedDtype(dtype: DType): string {
  if (dtype.kind === 'b') return '|b1';
  if (dtype.halfFloat) return '<f4';
  if (dtype.itemSize === 1) return `|${dtype.kind}1`;
  return `<${dtype.kind}${dtype.itemSize}`;
}

function product(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

function concatArrays(parts: readonly NumericArray[]): NumericArray {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new (parts[0]!.constructor as NumericArrayConstructor)(total);
  let offset = 0;
  for (const part of parts) {
    (out as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(part, offset);
    offset += part.length;
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Points [from, to) of contiguous Redis batches (the first may start before `from`), decoded entry by
 * entry as upstream `NumericStreamEncoder.decode` does: each entry is reshaped by its own point shape,
 * and consecutive entries of one shape make one run.
 */
export function decodeBatches(stream: DataStream, batches: readonly BatchEntry[], from: number, to: number): PointRun[] {
  const encoding = stream.encoding;
  const runs: PointRun[] = [];
  if (!encoding) return runs;
  if (encoding.type === 'json') {
    const values: unknown[] = [];
    let first = -1;
    for (const b of batches) {
      if (b.index < from || b.index >= to) continue;
      if (first < 0) first = b.index;
      values.push(decodeJson(b.payload, { streamKey: stream.key, entryId: b.id }));
    }
    if (values.length) runs.push({ type: 'json', index: first, count: values.length, source: 'redis', values });
    return runs;
  }
  const dtype = parseDtype(encoding.dtype_str);
  const outDtype = decodedDtype(dtype);
  let parts: NumericArray[] = [];
  let current: { index: number; count: number; pointShape: number[] } | null = null;
  const close = () => {
    if (current) runs.push({ type: 'numeric', index: current.index, count: current.count, source: 'redis', dtype: outDtype, pointShape: current.pointShape, data: concatArrays(parts) });
    current = null;
    parts = [];
  };
  for (const b of batches) {
    const a = Math.max(from, b.index);
    const e = Math.min(to, b.index + b.count);
    if (e <= a) continue;
    const decoded = decodeNumeric(b.payload, encoding, b.count, { streamKey: stream.key, entryId: b.id });
    const per = product(decoded.pointShape) * dtype.elementsPerItem;
    const view = (a === b.index && e === b.index + b.count ? decoded.data : decoded.data.subarray((a - b.index) * per, (e - b.index) * per)) as NumericArray;
    if (!current || !sameShape(current.pointShape, decoded.pointShape) || current.index + current.count !== a) {
      close();
      current = { index: a, count: 0, pointShape: decoded.pointShape };
    }
    current.count += e - a;
    parts.push(view);
  }
  close();
  return runs;
}

/** Converts file data to the typed array the stream decodes to (a float32 file for a float64 stream...). */
function castArray(data: NumericArray, Ctor: NumericArrayConstructor): NumericArray {
  if (data instanceof (Ctor as unknown as typeof Float64Array)) return data;
  const out = new Ctor(data.length);
  const toBig = out instanceof BigInt64Array || out instanceof BigUint64Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    (out as unknown as unknown[])[i] = toBig ? (typeof v === 'bigint' ? v : BigInt(Math.trunc(v))) : Number(v);
  }
  return out;
}

/**
 * Points [from, to) from the stream's HDF5 file, in chunks of about `chunkBytes`, as the stream's own
 * decoded dtype so that they join the Redis points seamlessly.
 * @throws when the stream has no file, or the file cannot be read (DATA_ROOTS, missing, too short...)
 */
export async function* readFilePoints(stream: DataStream, from: number, to: number, hdf5: Hdf5Reader, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<NumericRun> {
  const file = stream.resolved.file;
  const encoding = stream.encoding;
  if (!file || encoding?.type !== 'numeric') throw new Error(`stream ${stream.name} has no HDF5 file to read trimmed points from`);
  const dtype = parseDtype(encoding.dtype_str);
  const info = await hdf5.datasetInfo(file.filePath, file.dataPath);
  const pointShape = info.shape.slice(1);
  const pointBytes = Math.max(1, product(pointShape) * parseDtype(info.dtype).itemSize);
  const step = Math.max(1, Math.floor(chunkBytes / pointBytes));
  for (let at = from; at < to; at += step) {
    const end = Math.min(to, at + step);
    const read = await hdf5.readPoints(file.filePath, file.dataPath, at, end);
    const same = read.dtype === decodedDtype(dtype) || dtype.complex;
    yield {
      type: 'numeric',
      index: at,
      count: end - at,
      source: 'file',
      dtype: same ? read.dtype : decodedDtype(dtype),
      pointShape,
      data: same ? read.data : castArray(read.data, dtype.arrayType),
    };
  }
}

/** Trimmed points [from, to): from the file when possible, else (or for what the file lacks) expired. */
async function* trimmed(stream: DataStream, from: number, to: number, options: ReadPointsOptions): AsyncGenerator<PointPiece> {
  let at = from;
  let fileError: string | null = null;
  if (stream.resolved.file && options.hdf5 && stream.encoding?.type === 'numeric') {
    try {
      for await (const run of readFilePoints(stream, from, to, options.hdf5, options.chunkBytes)) {
        yield run;
        at = run.index + run.count;
      }
    } catch (error) {
      fileError = (error as Error).message;
    }
  }
  if (at < to) yield { type: 'expired', index: at, count: to - at, fileError };
}

/**
 * Every point of [from, to) that exists, in index order, as runs of decoded points and expired pieces.
 * Stops early when the stream ends before `to`.
 * @throws BlissdataError when an entry cannot be decoded (the caller decides what breaks)
 */
export async function* readPoints(stream: DataStream, from: number, to: number, options: ReadPointsOptions = {}): AsyncGenerator<PointPiece> {
  if (stream.error || !stream.encoding) throw new UnsupportedStreamError(`stream ${stream.name}: ${stream.error ?? 'no encoding'}`);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  let entries = 64;
  let at = from;
  while (at < to) {
    const range = await stream.readRange(at, to, entries);
    if (range.expired) {
      yield* trimmed(stream, range.expired[0], range.expired[1], options);
      at = range.expired[1];
    }
    if (range.count === 0) {
      if (!range.expired) return;
      continue;
    }
    const bytes = range.batches.reduce((n, b) => n + b.payload.byteLength, 0) / range.batches.length;
    entries = Math.max(1, Math.min(MAX_ENTRIES_PER_READ, Math.floor(chunkBytes / Math.max(1, bytes))));
    yield* decodeBatches(stream, range.batches, at, to);
    at = Math.min(to, range.index + range.count);
  }
}
