/**
 * One image frame of a scan stream: from a 2D numeric stream (Redis), or from the HDF5 file a Lima
 * detector saved (the blissdata frame -> file mapping, read as a single hyperslab).
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import { parseLimaInfo, parseLimaStatus, savedFrameLocation, FrameNeverAcquiredError, FrameNotAcquiredError } from '../../lib/blissdata/lima';
import { dtypeStrOfArray, type NumericArray } from '../../lib/blissdata/dtype';
import type { Hdf5Reader } from '../files/hdf5-reader';

export interface ImageFrame {
  dtype: string;
  shape: [number, number];
  data: NumericArray;
}

export async function readImageFrame(stream: DataStream, n: number, hdf5: Hdf5Reader): Promise<ImageFrame> {
  if (stream.kind === 'lima') {
    const info = parseLimaInfo(stream.info.lima_info);
    const { batch, sealed } = await stream.latest(0);
    // No status at all: nothing acquired yet, or ever once the stream is sealed.
    if (!batch) throw sealed ? new FrameNeverAcquiredError(n, 0) : new FrameNotAcquiredError(n, 0);
    const decoded = stream.decode([batch]);
    if (decoded.type !== 'json') throw new UnsupportedStreamError(`Lima stream ${stream.name} is not json`);
    const status = parseLimaStatus(decoded.values.at(-1));
    const location = savedFrameLocation(info, status, n, { sealed });
    const frame = await hdf5.readFrame(location.filePath, location.dataPath ?? '', location.indexInFile);
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
