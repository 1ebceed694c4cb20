/**
 * What the slice route and the level of detail read points from: a stream of a scan in Redis (its
 * trimmed head read back from its HDF5 file), or a stream of a scan reopened from its file alone. Both
 * give the same decoded runs (server/data/points.ts), so one serialisation serves them both.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { parseDtype } from '../../lib/blissdata/dtype';
import { isVariableShape, type Encoding } from '../../lib/blissdata/encoding';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import { MinMaxReducer } from '../../lib/plot-math/lod';
import type { LodReply } from '../../lib/wire/contract';
import type { Hdf5Reader } from '../files/hdf5-reader';
import { readPoints, type PointPiece } from './points';

export interface PointSource {
  name: string;
  /** How points decode: numeric (numpy dtype and point shape, -1 for a variable dimension) or json. */
  encoding: Encoding | null;
  /** Why the stream cannot be read, or null. */
  error: string | null;
  length(): Promise<number>;
  /** First index Redis holds: points before it come from the file (the length for a file-only scan). */
  firstInRedis(): Promise<number>;
  /** Points [from, to) in index order, in bounded chunks (see readPoints). */
  read(from: number, to: number): AsyncGenerator<PointPiece>;
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
    read: (from, to) => readPoints(stream, from, to, { hdf5 }),
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
  let expired: [number, number] | null = null;
  for await (const piece of source.read(from, end)) {
    if (piece.type === 'expired') {
      const stop = piece.index + piece.count;
      expired = expired ? [expired[0], stop] : [piece.index, stop];
    } else if (piece.type === 'numeric') reducer.add(piece.data, piece.index);
  }
  const data = reducer.data;
  return { from, to: end, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, expired };
}
