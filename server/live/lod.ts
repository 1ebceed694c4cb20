/**
 * Level of detail for long scalar streams: [from, to) reduced to N buckets of (min, max), read in
 * chunks so a 10 million point stream never sits in server memory at once.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { StreamNotFoundError } from '../../lib/blissdata/errors';
import { Scan } from '../../lib/blissdata/scan';
import type { LodReply, LodRequest } from '../../lib/wire/contract';
import { redisPointSource, reducePoints } from '../data/point-source';
import type { LodCache } from '../data/lod-cache';
import type { Hdf5Reader } from '../files/hdf5-reader';
import type { LiveService } from './live-service';

/**
 * Reads through the one points path (server/data/points.ts), so trimmed points come from the stream's
 * HDF5 file exactly as the slices and the socket catch-up get them; only what no file holds is expired.
 */
export function reduceStream(stream: DataStream, from: number, to: number, buckets: number, hdf5: Hdf5Reader | null = null): Promise<LodReply> {
  return reducePoints(redisPointSource(stream, hdf5), from, to, buckets);
}

/** With `cache`, a sealed stream's summary is reduced once and answered from memory after that. */
export async function lodReply(live: LiveService, request: LodRequest, cache?: LodCache): Promise<LodReply> {
  const followed = live.followedScan(request.key);
  const stream = followed?.scan.streams.get(request.stream) ?? (await loadStream(live, request.key, request.stream));
  const reduce = () => reduceStream(stream, request.from, request.to, request.buckets, live.hdf5);
  return cache ? cache.reply(stream, request, reduce) : reduce();
}

async function loadStream(live: LiveService, key: string, name: string): Promise<DataStream> {
  const scan = await Scan.load(live.store, key);
  const stream = scan.streams.get(name);
  if (!stream) throw new StreamNotFoundError(key, name);
  return stream;
}
