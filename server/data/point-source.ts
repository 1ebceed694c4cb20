/**
 * What the slice route and the level of detail read points from: a stream of a scan in Redis (its
 * trimmed head read back from its HDF5 file), or a stream of a scan reopened from its file alone. Both
 * give the same decoded runs (server/data/points.ts), so one serialisation serves them both.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { parseDtype, type NumericArray } from '../../lib/blissdata/dtype';
import { isVariableShape, type Encoding } from '../../lib/blissdata/encoding';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import { MinMaxReducer } from '../../lib/plot-math/lod';
import type { LodReply } from '../../lib/wire/contract';
import type { Hdf5Reader } from '../files/hdf5-reader';
import { readPoints, type PointPiece, type ReadPointsOptions } from './points';

export interface PointSource {
  name: string;
  /** How points decode: numeric (numpy dtype and point shape, -1 for a variable dimension) or json. */
  encoding: Encoding | null;
  /** Why the stream cannot be read, or null. */
  error: string | null;
  length(): Promise<number>;
  /** First index Redis holds: points before it come from the file (the length for a file-only scan). */
  firstInRedis(): Promise<number>;
  /** Points [from, to) in index order, in bounded chunks (see readPoints; a file source ignores `options`). */
  read(from: number, to: number, options?: Pick<ReadPointsOptions, 'chunkBytes' | 'perEntry'>): AsyncGenerator<PointPiece>;
  /** Where the scan is answered from: a scan reopened from its file says so in its answers. */
  origin: 'redis' | 'file';
}

export function redisPointSource(stream: DataStream, hdf5: Hdf5Reader | null): PointSource {
  return {
    name: stream.name,
    encoding: stream.encoding,
    error: stream.error ?? null,
    length: async () => (await stream.length()).length,
    firstInRedis: () => stream.firstAvailableIndex(),
    read: (from, to, options) => readPoints(stream, from, to, { ...options, hdf5 }),
    origin: 'redis',
  };
}

/** Bytes of one decoded point of a fixed-shape numeric stream; null for variable shapes and json. */
export function fixedPointBytes(encoding: Encoding | null): number | null {
  if (encoding?.type !== 'numeric' || isVariableShape(encoding.shape)) return null;
  const dtype = parseDtype(encoding.dtype_str);
  const itemBytes = dtype.halfFloat ? 4 : dtype.itemSize;
  return encoding.shape.reduce((n, d) => n * d, itemBytes);
}

/**
 * Redis reads of the level of detail: 4 MiB of points per XRANGE (a 1 M-point float64 stream in three
 * round trips instead of nine), still bounded so one request never holds a long stream in memory nor
 * keeps Redis busy long on one reply.
 */
const LOD_CHUNK_BYTES = 4 << 20;

/**
 * Level of detail: [from, to) of a real scalar stream reduced to `buckets` (min, max) pairs, read chunk
 * by chunk so that a 10 million point stream never sits in memory at once. Points no one holds any
 * more are reported as expired.
 */
export async function reducePoints(source: PointSource, from: number, to: number, buckets: number): Promise<LodReply> {
  const encoding = source.encoding;
  if (encoding?.type !== 'numeric' || encoding.shape.length !== 0 || parseDtype(encoding.dtype_str).complex) {
    throw new UnsupportedStreamError(`level of detail needs a real scalar numeric stream; ${source.name} is not`);
  }
  const end = Math.max(from, Math.min(to, await source.length()));
  const reducer = new MinMaxReducer(from, end, buckets);
  const asFloat64 = float64Scratch();
  let expired: [number, number] | null = null;
  // Each entry is folded in as it comes: no run joined from several entries, no copy kept.
  for await (const piece of source.read(from, end, { chunkBytes: LOD_CHUNK_BYTES, perEntry: true })) {
    if (piece.type === 'expired') {
      const stop = piece.index + piece.count;
      expired = expired ? [expired[0], stop] : [piece.index, stop];
    } else if (piece.type === 'numeric') reducer.add(asFloat64(piece.data), piece.index);
  }
  const data = reducer.data;
  return { from, to: end, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, expired };
}

/**
 * Points as float64 for the reducer, through one reused buffer: its inner loop then only ever sees
 * Float64Array and stays monomorphic in this process (uint32 and float32 channels made it polymorphic:
 * a million uint32 points folded in after float64 ones took ~12 ms against ~3 ms, best of 8). 64-bit integers are left as they are (the reducer reads them as numbers).
 */
function float64Scratch(): (data: NumericArray) => Float64Array | BigInt64Array | BigUint64Array {
  let scratch = new Float64Array(0);
  return (data) => {
    if (data instanceof Float64Array || data instanceof BigInt64Array || data instanceof BigUint64Array) return data;
    if (scratch.length < data.length) scratch = new Float64Array(Math.max(data.length, 2 * scratch.length));
    const out = scratch.subarray(0, data.length);
    out.set(data as ArrayLike<number>);
    return out;
  };
}
