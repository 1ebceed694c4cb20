/**
 * Lima2 streams on the server (upstream `blissdata_lima2` Lima2Stream): progress for viewers from the
 * stream's last value, and frames read from the master file once the acquisition has ended.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { UnsupportedStreamError } from '../../lib/blissdata/errors';
import { lima2FrameLocation, lima2SavedFrames, parseLima2Info } from '../../lib/blissdata/lima2';
import type { BatchEntry } from '../../lib/blissdata/stream-entries';
import type { Frame, Hdf5Reader } from '../files/hdf5-reader';

/** Frames the backend holds: the last value of the last entry (upstream Lima2Stream.__len__). */
function framesOf(stream: DataStream, batch: BatchEntry): number {
  const decoded = stream.decode([batch]);
  if (decoded.type !== 'numeric' || decoded.data.length === 0) throw new UnsupportedStreamError(`Lima2 stream ${stream.name} entry ${batch.id} holds no frame count`);
  return Number(decoded.data[decoded.data.length - 1]);
}

/** Frames acquired and the last one readable from the master file (the `lima` progress of the wire). */
export function lima2Progress(
  stream: DataStream,
  batch: BatchEntry | null,
  previous: { framesAvailable: number; lastSaved: number } | undefined,
  sealed: boolean,
): { framesAvailable: number; lastSaved: number } {
  const frames = batch ? framesOf(stream, batch) : (previous?.framesAvailable ?? 0);
  return { framesAvailable: frames, lastSaved: lima2SavedFrames(parseLima2Info(stream.info), frames, sealed) - 1 };
}

export async function readLima2Frame(stream: DataStream, n: number, hdf5: Hdf5Reader): Promise<Frame> {
  const info = parseLima2Info(stream.info);
  const { batch, sealed } = await stream.latest(0);
  const location = lima2FrameLocation(info, n, batch ? framesOf(stream, batch) : 0, sealed);
  return hdf5.readFrame(location.filePath, location.dataPath, location.index);
}
