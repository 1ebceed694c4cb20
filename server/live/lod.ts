/**
 * Level of detail for long scalar streams: [from, to) reduced to N buckets of (min, max), read from
 * Redis in chunks so a 10 million point stream never sits in server memory at once.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { StreamNotFoundError, UnsupportedStreamError } from '../../lib/blissdata/errors';
import { Scan } from '../../lib/blissdata/scan';
import { parseDtype } from '../../lib/blissdata/dtype';
import { MinMaxReducer } from '../../lib/plot-math/lod';
import type { LodReply, LodRequest } from '../../lib/wire/contract';
import type { LiveService } from './live-service';

const CHUNK_ENTRIES = 2000;

export async function reduceStream(stream: DataStream, from: number, to: number, buckets: number): Promise<LodReply> {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || encoding.shape.length !== 0 || parseDtype(encoding.dtype_str).complex) {
    throw new UnsupportedStreamError(`level of detail needs a real scalar numeric stream; ${stream.name} is not`);
  }
  const { length } = await stream.length();
  const end = Math.max(from, Math.min(to, length));
  const reducer = new MinMaxReducer(from, end, buckets);
  let expired: [number, number] | null = null;
  let at = from;
  while (at < end) {
    const range = await stream.readRange(at, end, CHUNK_ENTRIES);
    if (range.expired) {
      expired = expired ? [expired[0], range.expired[1]] : range.expired;
      at = range.expired[1];
    }
    if (!range.count) {
      if (!range.expired) break;
      continue;
    }
    const points = stream.decode(range.batches);
    if (points.type !== 'numeric') break;
    reducer.add(points.data, range.index);
    at = Math.min(end, range.index + range.count);
  }
  const data = reducer.data;
  return { from, to: end, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, expired };
}

export async function lodReply(live: LiveService, request: LodRequest): Promise<LodReply> {
  const followed = live.followedScan(request.key);
  const stream = followed?.scan.streams.get(request.stream) ?? (await loadStream(live, request.key, request.stream));
  return reduceStream(stream, request.from, request.to, request.buckets);
}

async function loadStream(live: LiveService, key: string, name: string): Promise<DataStream> {
  const scan = await Scan.load(live.store, key);
  const stream = scan.streams.get(name);
  if (!stream) throw new StreamNotFoundError(key, name);
  return stream;
}
