/**
 * A stream of a scan reopened from its HDF5 file, as a point source: the slice route and the level of
 * detail read it exactly as they read a stream in Redis (same serialisation, limits and chunking).
 */
import type { PointSource } from '../data/point-source';
import type { NumericRun } from '../data/points';
import { ScanStreamUnreadable, type FileScan, type FileScans, type FileStream } from './file-scans';

/** Point data read from the file per chunk, roughly. */
const CHUNK_BYTES = 1 << 20;
const ITEM_BYTES: Record<string, number> = { 1: 1, 2: 2, 4: 4, 8: 8, 16: 16 };

function whyUnreadable(stream: FileStream): string | null {
  if (stream.error) return stream.error;
  if (!stream.dtype) return 'its dtype is unknown';
  if (!stream.location || !('dataPath' in stream.location)) return 'its points are not in a dataset of the file (Lima images: use the frames route)';
  return null;
}

/** @throws ScanStreamUnreadable (422) when the file holds no points of the stream. */
export function filePointSource(files: FileScans, scan: FileScan, stream: FileStream, chunkBytes = CHUNK_BYTES): PointSource {
  const error = whyUnreadable(stream);
  if (error) throw new ScanStreamUnreadable(scan.key, stream.name, error);
  const pointBytes = Math.max(1, stream.pointShape.reduce((n, d) => n * d, ITEM_BYTES[(stream.dtype ?? '<f8').slice(2)] ?? 8));
  const step = Math.max(1, Math.floor(chunkBytes / pointBytes));
  return {
    name: stream.name,
    encoding: { type: 'numeric', dtype_str: stream.dtype!, shape: stream.pointShape },
    error: null,
    length: () => Promise.resolve(stream.length),
    // Nothing is in Redis any more: every point comes from the file.
    firstInRedis: () => Promise.resolve(stream.length),
    async *read(from: number, to: number): AsyncGenerator<NumericRun> {
      for (let at = from, end = Math.min(to, stream.length); at < end; at += step) {
        const stop = Math.min(end, at + step);
        const points = await files.points(scan, stream, at, stop);
        yield { type: 'numeric', index: at, count: stop - at, source: 'file', dtype: points.dtype, pointShape: stream.pointShape, data: points.data };
      }
    },
    origin: 'file',
  };
}
