/**
 * Level of detail for long scalar streams: [from, to) reduced to N buckets of (min, max), read in
 * chunks so a 10 million point stream never sits in server memory at once.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { StreamNotFoundError, UnsupportedStreamError } from '../../lib/blissdata/errors';
import { Scan } from '../../lib/blissdata/scan';
import { parseDtype } from '../../lib/blissdata/dtype';
import { MinMaxReducer } from '../../lib/plot-math/lod';
import type { LodReply, LodRequest } from '../../lib/wire/contract';
import { readPoints } from '../data/points';
import type { Hdf5Reader } from '../files/hdf5-reader';
import type { LiveService } from './live-service';

/**
 * Reads through the one points path (server/data/points.ts), so trimmed points come from the stream's
 * HDF5 file exactly as the slices and the socket catch-up get them; only what no file holds is expired.
 */
export async function reduceStream(stream: DataStream, from: number, to: number, buckets: number, hdf5: Hdf5Reader | null = null): Promise<LodReply> {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || encoding.shape.length !== 0 || parseDtype(encoding.dtype_str).complex) {
    throw new UnsupportedStreamError(`level of detail needs a real scalar numeric stream; ${stream.name} is not`);
  }
  const { length } = await stream.length();
  const end = Math.max(from, Math.min(to, length));
  const reducer = new MinMaxReducer(from, end, buckets);
  let expired: [number, number] | null = null;
  for await (const piece of readPoints(stream, from, end, { hdf5 })) {
    if (piece.type === 'expired') {
      const stop = piece.index + piece.count;
      expired = expired ? [expired[0], stop] : [piece.index, stop];
    } else if (piece.type === 'numeric') reducer.add(piece.data, piece.index);
  }
  const data = reducer.data;
  return { from, to: end, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, expired };
}

export async function lodReply(live: LiveService, request: LodRequest): Promise<LodReply> {
  const followed = live.followedScan(request.key);
  const stream = followed?.scan.streams.get(request.stream) ?? (await loadStream(live, request.key, request.stream));
  return reduceStream(stream, request.from, request.to, request.buckets, live.hdf5);
}

async function loadStream(live: LiveService, key: string, name: string): Promise<DataStream> {
  const scan = await Scan.load(live.store, key);
  const stream = scan.streams.get(name);
  if (!stream) throw new StreamNotFoundError(key, name);
  return stream;
}
