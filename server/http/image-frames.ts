/**
 * One image frame of a scan stream: from a 2D numeric stream (Redis), or from the HDF5 file a Lima
 * detector saved (the blissdata frame -> file mapping, read as a single hyperslab).
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import { mergeLimaStatuses, parseLimaInfo, savedFrameLocation, FrameNeverAcquiredError, FrameNotAcquiredError } from '../../lib/blissdata/lima';
import { dtypeStrOfArray, type NumericArray } from '../../lib/blissdata/dtype';
import { readLima2Frame } from '../data/lima2-frames';
import type { Hdf5Reader } from '../files/hdf5-reader';

export interface ImageFrame {
  dtype: string;
  shape: [number, number];
  data: NumericArray;
}

/** Status entries of a Lima stream merged for a frame request. */
const LIMA_STATUS_WINDOW = 32;

export async function readImageFrame(stream: DataStream, n: number, hdf5: Hdf5Reader): Promise<ImageFrame> {
  if (stream.kind === 'lima') {
    const info = parseLimaInfo(stream.info.lima_info);
    // Upstream LimaClient.update keeps the maximum of every status seen: a reader without history
    // takes it over the last few, so one late status with lower values cannot hide saved frames.
    const { batches, sealed } = await stream.recent(LIMA_STATUS_WINDOW);
    const decoded = batches.length ? stream.decode(batches) : null;
    if (decoded && decoded.type !== 'json') throw new UnsupportedStreamError(`Lima stream ${stream.name} is not json`);
    const status = decoded ? mergeLimaStatuses(decoded.values) : null;
    // No status at all: nothing acquired yet, or ever once the stream is sealed.
    if (!status) throw sealed ? new FrameNeverAcquiredError(n, 0) : new FrameNotAcquiredError(n, 0);
    const location = savedFrameLocation(info, status, n, { sealed });
    const frame = await hdf5.readFrame(location.filePath, location.dataPath ?? '', location.indexInFile);
    return { dtype: frame.dtype, shape: [frame.shape[0]!, frame.shape[1]!], data: frame.data };
  }
  if (stream.kind === 'lima2') {
    if (stream.error) throw new UnsupportedStreamError(`stream ${stream.name}: ${stream.error}`);
    const frame = await readLima2Frame(stream, n, hdf5);
    return { dtype: frame.dtype, shape: [frame.shape[0]!, frame.shape[1]!], data: frame.data };
  }
  const encoding = stream.encoding;
  if ((stream.kind !== 'array' && stream.kind !== 'hdf5_fallback') || encoding?.type !== 'numeric' || encoding.shape.length !== 2) {
    throw new UnsupportedStreamError(`stream ${stream.name} holds no images (kind ${stream.kind}${encoding?.type === 'numeric' ? `, shape [${encoding.shape.join(', ')}]` : ''})`);
  }
  const points = await stream.get(n);
  if (points.type !== 'numeric') throw new UnsupportedStreamError(`stream ${stream.name} is not numeric`);
  const [h, w] = points.pointShape;
  return { dtype: dtypeStrOfArray(points.data), shape: [h ?? 0, w ?? 0], data: points.data };
}
