/**
 * Points trimmed from Redis, read back from the stream's HDF5 file (hdf5_fallback, or the 1.x form)
 * when the file is inside DATA_ROOTS, so a slice is complete instead of reporting them expired.
 */
import type { DataStream, DecodedPoints } from '../../lib/blissdata/data-stream';
import type { NumericArray } from '../../lib/blissdata/dtype';
import type { Hdf5Reader } from '../files/hdf5-reader';

export interface FilledSlice {
  index: number;
  points: DecodedPoints;
  expired: [number, number] | null;
  /** The part read from the file, if any. */
  fromFile: [number, number] | null;
  /** Why the expired part could not be read from the file. */
  fileError: string | null;
}

function concat(a: NumericArray, b: NumericArray): NumericArray {
  if (a.constructor === b.constructor) {
    const out = new (a.constructor as new (n: number) => NumericArray)(a.length + b.length);
    (out as unknown as { set(x: ArrayLike<unknown>, o: number): void }).set(a, 0);
    (out as unknown as { set(x: ArrayLike<unknown>, o: number): void }).set(b, a.length);
    return out;
  }
  // The file and Redis may store different types (e.g. float32 vs float64): meet in float64.
  const out = new Float64Array(a.length + b.length);
  for (let i = 0; i < a.length; i++) out[i] = Number(a[i]);
  for (let i = 0; i < b.length; i++) out[a.length + i] = Number(b[i]);
  return out;
}

export async function fillExpiredFromFile(
  stream: DataStream,
  slice: { index: number; points: DecodedPoints; expired: [number, number] | null },
  hdf5: Hdf5Reader,
): Promise<FilledSlice> {
  const file = stream.resolved.file;
  const unchanged: FilledSlice = { ...slice, fromFile: null, fileError: null };
  if (!slice.expired || !file || slice.points.type !== 'numeric') return unchanged;
  const [from, to] = slice.expired;
  try {
    const read = await hdf5.readPoints(file.filePath, file.dataPath, from, to);
    const points = slice.points;
    // Trimming removes the head of a stream, so the file part comes right before the Redis part.
    const data = points.count === 0 ? read.data : concat(read.data, points.data);
    return {
      index: from,
      points: { type: 'numeric', data, count: to - from + points.count, pointShape: points.count ? points.pointShape : read.shape.slice(1) },
      expired: null,
      fromFile: [from, to],
      fileError: null,
    };
  } catch (error) {
    return { ...unchanged, fileError: (error as Error).message };
  }
}
